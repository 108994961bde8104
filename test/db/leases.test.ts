// The jobs that run once across worker nodes (db/leases.ts): however the holders race, no two run
// a round at the same time, and a standby takes over when the holder stops or dies.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAutoEnrolment } from '../../client/auto-enrol';
import type { Db } from '../../db/client';
import { startLeasedLooks } from '../../db/leased-looks';
import { lease, type Lease } from '../../db/leases';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { publishJourney } from '../../journeys/catalog';
import { startSnapshotJob } from '../../metrics/snapshots';
import { startReachFanout } from '../../reach/reach-fanout';
import { freshDb } from '../support/fresh-db';
import { until } from '../support/until';

let db: Db;
beforeAll(async () => {
  ({ db } = await freshDb());
});
afterAll(async () => {
  await db?.$disconnect();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('never lets two holders hold at once, and hands over when the holder dies', async () => {
  const ttlMs = 200;
  const holders = ['a', 'b', 'c'].map((holder) => ({ holder, lease: lease(db, { name: 'race', holder, ttlMs }), rounds: 0, dead: false }));
  // What each successful hold promises its holder: no other holder until then.
  const windows: { holder: string; from: number; to: number }[] = [];
  expect(await holders[0]!.lease.hold()).toBe(true); // 'a' starts as the holder
  const endAt = Date.now() + 2_000;
  await Promise.all(
    holders.map(async (h) => {
      while (Date.now() < endAt && !h.dead) {
        if (await h.lease.hold()) {
          windows.push({ holder: h.holder, from: Date.now(), to: Date.now() + h.lease.validForMs() });
          h.rounds += 1;
          // The first holder dies mid-run without releasing its lease.
          if (h.holder === 'a' && h.rounds === 5) h.dead = true;
        }
        await pause(5 + Math.random() * 10);
      }
    }),
  );
  const overlaps = windows.flatMap((w) => windows.filter((o) => o.holder !== w.holder && o.from >= w.from && o.from < w.to).map((o) => `${o.holder} in ${w.holder}'s lease`));
  expect(overlaps).toEqual([]);
  expect(holders[0]!.rounds).toBe(5);
  // After it died, one of the others took over once its lease expired.
  expect(holders[1]!.rounds + holders[2]!.rounds).toBeGreaterThan(5);
});

/** A stand-in for Temporal that tells which node's round is starting journeys, and when two overlap. */
function recordingClient(node: string, seen: { inFlight: Map<string, number>; starts: Map<string, string[]>; overlaps: number }): Client {
  return {
    workflow: {
      async start(_type: string, options: { workflowId: string }) {
        for (const [other, n] of seen.inFlight) if (other !== node && n > 0) seen.overlaps += 1;
        seen.inFlight.set(node, (seen.inFlight.get(node) ?? 0) + 1);
        try {
          const by = seen.starts.get(options.workflowId) ?? [];
          seen.starts.set(options.workflowId, [...by, node]);
          await pause(15);
          if (by.length > 0) throw new WorkflowExecutionAlreadyStartedError('already started', options.workflowId, 'accountJourney');
        } finally {
          seen.inFlight.set(node, seen.inFlight.get(node)! - 1);
        }
      },
    },
  } as unknown as Client;
}

it('runs auto-enrolment rounds on one node at a time: each newcomer is launched once, by the lease holder', async () => {
  await publishJourney(
    db,
    journeyDefinitionSchema.parse({ key: 'auto-leased', name: 'Auto leased', autoEnrol: true, stages: [{ key: 'engage', steps: [{ id: 'long', type: 'wait', duration: '60d' }] }] }),
  );
  const seen = { inFlight: new Map<string, number>(), starts: new Map<string, string[]>(), overlaps: 0 };
  const addTargets = (from: number, n: number) =>
    db.account.createMany({ data: Array.from({ length: n }, (_, i) => ({ domain: `leased-${from + i}.example`, name: `Leased ${from + i}`, tier: 2, poolStatus: 'target', timezone: 'UTC' })) });
  const job = (node: string) =>
    startAutoEnrolment({ db, client: recordingClient(node, seen), taskQueue: 'unused', intervalMs: 10, log: () => {}, lease: lease(db, { name: 'auto-enrolment', holder: node, ttlMs: 2_000 }) });

  const first = job('first');
  const second = job('second');
  for (let batch = 0; batch < 5; batch++) {
    await addTargets(batch * 10, 10);
    await pause(60);
  }
  await until('50 launches', async () => (await db.journeyRun.count({ where: { journeyKey: 'auto-leased' } })) === 50, { timeoutMs: 10_000 });
  expect(seen.overlaps).toBe(0);
  expect([...seen.starts.values()].filter((by) => by.length > 1)).toEqual([]);
  const holders = new Set([...seen.starts.values()].flat());
  expect(holders.size).toBe(1);

  // The holder stops (its lease is released): the other node launches the next newcomers.
  const [holder, standby] = holders.has('first') ? [first, 'second'] : [second, 'first'];
  await holder.stop();
  await addTargets(50, 3);
  await until('53 launches', async () => (await db.journeyRun.count({ where: { journeyKey: 'auto-leased' } })) === 53, { timeoutMs: 10_000 });
  expect(seen.overlaps).toBe(0);
  expect([...seen.starts.values()].filter((by) => by.length > 1)).toEqual([]);
  expect([...seen.starts.entries()].slice(-3).map(([, by]) => by)).toEqual([[standby], [standby], [standby]]);
  await first.stop();
  await second.stop();
});

it('looks for and writes the daily snapshots on one node, the lease holder', async () => {
  await db.account.create({ data: { domain: 'snap.example', name: 'Snap', tier: 1, poolStatus: 'target', timezone: 'UTC', createdAt: new Date(Date.now() - 10 * 86_400_000) } });
  const logs: string[] = [];
  // A node asks the time when it looks for days to write, once it holds the lease.
  const lookers = new Set<string>();
  const job = (node: string) =>
    startSnapshotJob(db, (line) => logs.push(`${node}: ${line}`), {
      everyMs: 30,
      firstAfterMs: 0,
      now: () => (lookers.add(node), Date.now()),
      lease: lease(db, { name: 'metrics-snapshots', holder: node, ttlMs: 5_000 }),
    });
  const nodes = [job('first'), job('second'), job('third')];
  await until('the snapshots', async () => (await db.metricSnapshot.count()) >= 7 * 4, { timeoutMs: 20_000 });
  await pause(200);
  await Promise.all(nodes.map((n) => n.stop()));
  const writers = new Set(logs.filter((l) => l.includes('wrote')).map((l) => l.split(':')[0]));
  expect(lookers.size).toBe(1);
  expect(writers).toEqual(lookers);
  expect(logs.filter((l) => l.includes('could not'))).toEqual([]);
});

it('starts no look on a node stopped while it was taking the lease, and lets that lease go', async () => {
  // The holder of three stopping nodes let the lease go while another was taking it: that one got it.
  let granted!: () => void;
  const grant = new Promise<void>((resolve) => (granted = resolve));
  let released = 0;
  const slowLease: Lease = {
    hold: async () => (await grant, true),
    validForMs: () => 5_000,
    release: async () => void released++,
  };
  let looked = false;
  const looks = startLeasedLooks({
    lease: slowLease,
    everyMs: 10,
    firstAfterMs: 0,
    look: async (stillHeld) => void (looked = await stillHeld()),
    onReleaseError: () => {},
  });
  await pause(20); // the first look is waiting for the lease
  const stopping = looks.stop();
  granted();
  await stopping;
  expect(looked).toBe(false);
  expect(released).toBe(1);
});

it('runs no auto-enrolment round on a node stopped while it was taking the lease', async () => {
  await publishJourney(
    db,
    journeyDefinitionSchema.parse({ key: 'auto-late', name: 'Auto late', autoEnrol: true, stages: [{ key: 'engage', steps: [{ id: 'long', type: 'wait', duration: '60d' }] }] }),
  );
  await db.account.create({ data: { domain: 'late-newcomer.example', name: 'Late Newcomer', tier: 2, poolStatus: 'target', timezone: 'UTC' } });
  let granted!: () => void;
  const grant = new Promise<void>((resolve) => (granted = resolve));
  const slowLease: Lease = { hold: async () => (await grant, true), validForMs: () => 5_000, release: async () => {} };
  const seen = { inFlight: new Map<string, number>(), starts: new Map<string, string[]>(), overlaps: 0 };
  const job = startAutoEnrolment({ db, client: recordingClient('late', seen), taskQueue: 'unused', intervalMs: 10, log: () => {}, lease: slowLease });
  await pause(20); // the first round is waiting for the lease
  const stopping = job.stop();
  granted();
  await stopping;
  expect(seen.starts.size).toBe(0);
  expect(await db.journeyRun.count({ where: { journeyKey: 'auto-late' } })).toBe(0);
});

it('fans out nothing on a node stopped while it was taking the lease', async () => {
  // A feed row waiting for its fan-out: a round would mark it (it names no touch, so it makes no delivery).
  const { seq } = await db.reachFeed.create({ data: { touchId: 'no-such-touch' } });
  let granted!: () => void;
  const grant = new Promise<void>((resolve) => (granted = resolve));
  let released = 0;
  const slowLease: Lease = { hold: async () => (await grant, true), validForMs: () => 5_000, release: async () => void released++ };
  const fanout = startReachFanout({ db, client: {} as Client, taskQueue: 'unused', pollMs: 10, log: () => {}, lease: slowLease });
  await pause(20); // the first round is waiting for the lease
  const stopping = fanout.stop();
  granted();
  await stopping;
  expect((await db.reachFeed.findUniqueOrThrow({ where: { seq } })).fannedOutAt).toBeNull();
  expect(released).toBe(1);
});

it('says so when the fan-out cannot let its lease go at stop', async () => {
  const lines: string[] = [];
  const stuckLease: Lease = { hold: async () => false, validForMs: () => 0, release: async () => Promise.reject(new Error('database unreachable')) };
  const fanout = startReachFanout({ db, client: {} as Client, taskQueue: 'unused', pollMs: 10, log: (line) => lines.push(line), lease: stuckLease });
  await pause(20);
  await fanout.stop();
  expect(lines).toEqual(['[reach] could not release the lease (database unreachable); another node takes over once it expires']);
});
