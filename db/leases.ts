// Jobs that run in every worker process tree but must run on one node at a time: the journey
// dispatcher (each journey hears its events in order and from one sender), the reach fan-out, the
// auto-enrolment reconciler, inbound CRM sync, the daily metrics snapshots and the scheduled audience
// exports. A job's node holds its lease, a row of the table DispatcherLease named after the job, and
// renews it as it works; when it dies, another node takes over once the lease has expired. A node
// that lost its lease stops before its next step.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { isUniqueViolation, type Db } from './client';

export type Lease = {
  /** Takes or renews the lease; false when another holder has it. */
  hold(): Promise<boolean>;
  /** How long this holder may still work without renewing (0 or less: not the holder). */
  validForMs(): number;
  /** Lets another holder take over at once. */
  release(): Promise<void>;
};

/** The jobs that run once across worker nodes, by lease name. */
export type LeaseName = 'journey-dispatcher' | 'auto-enrolment' | 'metrics-snapshots' | 'crm-sync' | 'audience-exports' | 'reach-fanout';

/** Who holds a lease: this process, unique even when a process holds several of one name (tests). */
export const leaseHolder = () => `${hostname()}/${process.pid}/${randomUUID()}`;

export function lease(db: Db, opts: { name: LeaseName | (string & {}); holder: string; ttlMs: number }): Lease {
  const { name } = opts;
  let expiresAtMs = 0;
  return {
    async hold() {
      // Renewing at every round would write to the database several times a second for nothing.
      if (expiresAtMs - Date.now() > opts.ttlMs / 2) return true;
      // Measured before the write, so this holder's idea of its lease never outlasts the stored one.
      const now = Date.now();
      const until = new Date(now + opts.ttlMs);
      const { count } = await db.dispatcherLease.updateMany({
        where: { name, OR: [{ holder: opts.holder }, { expiresAt: { lt: new Date(now) } }] },
        data: { holder: opts.holder, expiresAt: until },
      });
      let held = count === 1;
      if (!held) {
        // No lease row yet (first start): of several holders racing here, one creates it.
        try {
          const row = await db.dispatcherLease.upsert({ where: { name }, create: { name, holder: opts.holder, expiresAt: until }, update: {} });
          held = row.holder === opts.holder;
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
        }
      }
      expiresAtMs = held ? now + opts.ttlMs : 0;
      return held;
    },
    validForMs: () => expiresAtMs - Date.now(),
    async release() {
      if (expiresAtMs === 0) return;
      expiresAtMs = 0;
      await db.dispatcherLease.updateMany({ where: { name, holder: opts.holder }, data: { expiresAt: new Date(0) } });
    },
  };
}
