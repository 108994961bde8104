// The worker's inbound CRM sync: every HARPOON_CRM_SYNC_INTERVAL, on the one node that holds the
// 'crm-sync' lease (db/leases.ts), each configured CRM's won and lost deals reach Harpoon
// (inbound-sync.ts). Says once when rounds start failing and once when they work again; a failed
// round is retried by the next (the cursor keeps its place).
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { startLeasedLooks, type LeasedLooks } from '../../db/leased-looks';
import { lease as leaseOf, leaseHolder, type Lease } from '../../db/leases';
import { crmNames, type CrmConnection } from './crm-connection';
import { syncCrmOutcomes } from './inbound-sync';

export type CrmSyncJobOptions = { db: Db; client: Client; crms: CrmConnection[]; intervalMs: number; log?: (line: string) => void; lease?: Lease };

const stopped: LeasedLooks = { stop: async () => {} };

export function startCrmSyncJob(opts: CrmSyncJobOptions): LeasedLooks {
  const log = opts.log ?? console.log;
  if (opts.crms.length === 0) return stopped;
  let failing = false;
  return startLeasedLooks({
    lease: opts.lease ?? leaseOf(opts.db, { name: 'crm-sync', holder: leaseHolder(), ttlMs: Math.max(60_000, 3 * opts.intervalMs) }),
    everyMs: opts.intervalMs,
    firstAfterMs: 0,
    async look(stillHeld) {
      try {
        for (const crm of opts.crms) {
          if (!(await stillHeld())) return;
          const report = await syncCrmOutcomes(opts.db, crm, async () => opts.client);
          for (const line of [...report.applied, ...report.conflicts]) log(`[crm-sync] ${crmNames[crm.kind]} ${line}`);
        }
        if (failing) log('[crm-sync] rounds work again');
        failing = false;
      } catch (err) {
        if (!failing) log(`[crm-sync] a round failed, retrying every ${opts.intervalMs} ms: ${(err as Error).message}`);
        failing = true;
      }
    },
    onReleaseError: (err) => log(`[crm-sync] could not release the lease (${err.message}); another node takes over once it expires`),
  });
}
