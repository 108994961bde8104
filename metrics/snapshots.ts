// Daily snapshots for trends: the headline metrics of the whole programme, each tier and each
// journey, as they stood at the end of each UTC day. The report itself is always live; a snapshot
// keeps what was true that day (the pool, tiers and contacts change later). Written by a timer in
// the worker process tree (app/harpoon.ts, app/worker-node.ts) for the days just ended. Every worker
// node runs the timer, but only the holder of the 'metrics-snapshots' lease (db/leases.ts) looks
// and writes; and should two ever overlap, the unique (day, scope) still makes every write happen once.
import { startLeasedLooks, type LeasedLooks } from '../db/leased-looks';
import { lease as leaseOf, leaseHolder, type Lease } from '../db/leases';
import { type Db, isUniqueViolation } from '../db/client';
import type { MetricsFilter } from '../domain/metrics/filter';
import type { Metrics } from '../domain/metrics/summarize';
import { invalid, notFound } from '../domain/use-case-error';
import { decideDueExperiments } from './experiment-decisions';
import { computeMetrics } from './report';

const dayMs = 86_400_000;
/** After a pause of the workers, the days missed within this many are filled in. */
const backfillDays = 7;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type SnapshotScope = 'all' | `tier:${number}` | `journey:${string}`;

export function scopeFilter(scope: string): Pick<MetricsFilter, 'tier' | 'journey'> {
  if (scope === 'all') return {};
  if (scope.startsWith('tier:')) return { tier: Number(scope.slice('tier:'.length)) as MetricsFilter['tier'] };
  return { journey: scope.slice('journey:'.length) };
}

/** The scope a trend of `filter` is kept under; an owner or a period has none. */
export function snapshotScopeOf(filter: Pick<MetricsFilter, 'tier' | 'journey' | 'owner'>): SnapshotScope {
  if (filter.owner !== undefined || (filter.tier !== undefined && filter.journey !== undefined)) {
    throw invalid('--trend: daily snapshots are kept for the whole programme, each tier and each journey; give at most one of --tier or --journey, and no --owner');
  }
  if (filter.tier !== undefined) return `tier:${filter.tier}`;
  if (filter.journey !== undefined) return `journey:${filter.journey}`;
  return 'all';
}

async function scopes(db: Db): Promise<SnapshotScope[]> {
  const journeys = await db.journeyVersion.findMany({ select: { key: true }, distinct: ['key'], orderBy: { key: 'asc' } });
  return ['all', 'tier:1', 'tier:2', 'tier:3', ...journeys.map((j): SnapshotScope => `journey:${j.key}`)];
}

/** Writes the snapshots of `day` (YYYY-MM-DD, over) not written yet; returns how many it wrote. */
export async function writeSnapshots(db: Db, day: string): Promise<number> {
  const endMs = Date.parse(`${day}T00:00:00Z`) + dayMs;
  let written = 0;
  for (const scope of await scopes(db)) {
    if (await db.metricSnapshot.findUnique({ where: { day_scope: { day, scope } }, select: { id: true } })) continue;
    const metrics: Metrics & { currency: string | null } = await computeMetrics(db, { ...scopeFilter(scope), to: day }, endMs);
    try {
      await db.metricSnapshot.create({ data: { day, scope, metrics } });
      written += 1;
    } catch (err) {
      // Another worker node wrote the same day and scope first: the snapshot exists, nothing is lost.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return written;
}

/** The days that ended within the backfill window, oldest first. */
export const daysToSnapshot = (nowMs: number) => Array.from({ length: backfillDays }, (_, i) => dayOf(nowMs - (backfillDays - i) * dayMs));

export type SnapshotJobOptions = {
  /** How often to look for ended days without snapshots. */
  everyMs?: number;
  /** The first look, after start: not while the rest of the process tree is still starting. */
  firstAfterMs?: number;
  now?: () => number;
  /** The lease that keeps looks to one node; by default the 'metrics-snapshots' lease, for this process. */
  lease?: Lease;
};

/**
 * Looks every hour for ended days without snapshots and writes them, leaving out days that ended
 * before the first account existed (a new install has no history to show). A failure (e.g. amounts
 * in two currencies) is logged and tried again at the next look. Looks never overlap, however long
 * one takes (each computes every scope's metrics for several days).
 */
export function startSnapshotJob(db: Db, log: (line: string) => void, opts: SnapshotJobOptions = {}): LeasedLooks {
  const { everyMs = 3_600_000, firstAfterMs = 60_000, now = () => Date.now() } = opts;
  return startLeasedLooks({
    // Kept between looks, so a standby node takes over a few looks after the holder died.
    lease: opts.lease ?? leaseOf(db, { name: 'metrics-snapshots', holder: leaseHolder(), ttlMs: 3 * everyMs }),
    everyMs,
    firstAfterMs,
    async look(stillHeld) {
      let day: string | undefined;
      try {
        if (!(await stillHeld())) return;
        const first = await db.account.findFirst({ orderBy: { createdAt: 'asc' }, select: { createdAt: true } });
        if (!first) return;
        for (day of daysToSnapshot(now())) {
          // Renewed before each day: a long look keeps its lease, and one that lost it stops. A
          // stopping node stops here too, rather than finish days another node will write.
          if (!(await stillHeld())) return;
          if (Date.parse(`${day}T00:00:00Z`) + dayMs <= first.createdAt.getTime()) continue;
          const written = await writeSnapshots(db, day);
          if (written > 0) log(`metrics: wrote ${written} daily snapshot${written === 1 ? '' : 's'} for ${day}`);
        }
        // A/B tests whose rule is met decide here too, so a step nobody is sent to any more still gets its winner recorded.
        const decided = await decideDueExperiments(db, now());
        if (decided > 0) log(`metrics: decided ${decided} A/B test${decided === 1 ? '' : 's'}`);
      } catch (err) {
        // Every failure (the first read too) is logged and tried again: a rejection left unhandled would end the process.
        log(`metrics: could not write the snapshots${day ? ` for ${day}` : ''} (${(err as Error).message}); trying again in ${Math.round(everyMs / 60_000)} min`);
      }
    },
    onReleaseError: (err) => log(`metrics: could not release the snapshots' lease (${err.message}); another node takes over once it expires`),
  });
}

export type TrendRow = { day: string; metrics: Metrics & { currency: string | null } };

export async function snapshotTrend(db: Db, scope: SnapshotScope, filter: Pick<MetricsFilter, 'from' | 'to'> = {}): Promise<TrendRow[]> {
  // A misspelt journey has no snapshots either; "none yet" would send the reader to wait for them.
  const journey = scope.startsWith('journey:') ? scope.slice('journey:'.length) : undefined;
  if (journey !== undefined && !(await db.journeyVersion.findFirst({ where: { key: journey }, select: { id: true } }))) {
    throw notFound(`No journey "${journey}": list the published ones with "harpoon journeys list".`);
  }
  const rows = await db.metricSnapshot.findMany({
    where: { scope, day: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } },
    orderBy: { day: 'asc' },
  });
  return rows.map((r) => ({ day: r.day, metrics: r.metrics as TrendRow['metrics'] }));
}
