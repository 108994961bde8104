// Several worker processes may run a journey dispatcher; only the holder of this lease delivers, so
// each journey hears its events in order and from one sender. The holder renews the lease as it
// works; when it dies, another dispatcher takes over once the lease has expired.
import type { Db } from '../db/client';

export type DispatcherLease = {
  /** Takes or renews the lease; false when another dispatcher holds it. */
  hold(): Promise<boolean>;
  /** How long this holder may still deliver without renewing (0 or less: not the holder). */
  validForMs(): number;
  /** Lets another dispatcher take over at once. */
  release(): Promise<void>;
};

export function dispatcherLease(db: Db, opts: { holder: string; ttlMs: number; name?: string }): DispatcherLease {
  const name = opts.name ?? 'journey-dispatcher';
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
        // No lease row yet (first start): of several dispatchers racing here, one creates it.
        const lease = await db.dispatcherLease.upsert({ where: { name }, create: { name, holder: opts.holder, expiresAt: until }, update: {} });
        held = lease.holder === opts.holder;
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
