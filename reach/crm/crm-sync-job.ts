// The worker's inbound CRM sync: every HARPOON_CRM_SYNC_INTERVAL, on the one node that holds the
// 'crm-sync' lease (db/leases.ts), each configured CRM's won and lost deals reach Harpoon
// (inbound-sync.ts). Says once when rounds start failing and once when they work again; a failed
// round is retried by the next (the cursor keeps its place).
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { lease as leaseOf, leaseHolder, type Lease } from '../../db/leases';
import { crmNames, type CrmConnection } from './crm-connection';
import { syncCrmOutcomes } from './inbound-sync';

export type CrmSyncJobOptions = { db: Db; client: Client; crms: CrmConnection[]; intervalMs: number; log?: (line: string) => void; lease?: Lease };

export function startCrmSyncJob(opts: CrmSyncJobOptions): { stop(): Promise<void> } {
  const log = opts.log ?? console.log;
  const lease = opts.lease ?? leaseOf(opts.db, { name: 'crm-sync', holder: leaseHolder(), ttlMs: Math.max(60_000, 3 * opts.intervalMs) });
  let failing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const round = async () => {
    for (const crm of opts.crms) {
      if (!(await lease.hold())) return;
      const report = await syncCrmOutcomes(opts.db, crm, async () => opts.client);
      for (const line of [...report.applied, ...report.conflicts]) log(`[crm-sync] ${crmNames[crm.kind]} ${line}`);
    }
  };
  const tick = () => {
    current = round()
      .then(() => {
        if (failing) log('[crm-sync] rounds work again');
        failing = false;
      })
      .catch((err: unknown) => {
        if (!failing) log(`[crm-sync] a round failed, retrying every ${opts.intervalMs} ms: ${(err as Error).message}`);
        failing = true;
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.intervalMs);
      });
  };
  if (opts.crms.length > 0) tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      await lease.release().catch((err: unknown) => log(`[crm-sync] could not release the lease (${(err as Error).message}); another node takes over once it expires`));
    },
  };
}
