// The scheduled audience exports: a timer in the worker process tree (app/harpoon.ts,
// app/worker-node.ts) that writes every due schedule's file to its folder. Every worker node runs
// the timer, but only the holder of the 'audience-exports' lease (db/leases.ts) looks; and should
// two holders ever overlap, each run is claimed by moving the schedule's due time from the value it
// read, which only one of them can do. A file appears whole or not at all (written beside, then
// renamed). A run that fails is recorded with its error and is due again at the next look.
import { randomUUID } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client';
import { startLeasedLooks, type LeasedLooks } from '../db/leased-looks';
import { lease as leaseOf, leaseHolder, type Lease } from '../db/leases';
import { exportFileName, nextRunAfter } from '../domain/audiences/schedule';
import { selectionLabel, type AudienceSelection } from '../domain/audiences/selection';
import { parseDuration } from '../domain/time/duration';
import { exportAudience } from './export-audience';

/** Writes `content` to `file` so that a reader sees either no file or the whole of it. */
export async function writeFileWhole(file: string, content: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.partial`);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, file);
  } catch (err) {
    // The write's own error is what the run records (and retries); a partial file that cannot be
    // removed too is left hidden (a dot name, `.partial`) and never read as an export.
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
}

export type ExportRunOutcome = { audience: string; format: string; file?: string; rows?: number; error?: string };

/** Runs each schedule due at `nowMs`, once; `stillHeld` is asked before each (false ends the look there). */
export async function runDueExports(db: Db, nowMs: number, stillHeld: () => Promise<boolean> = async () => true): Promise<ExportRunOutcome[]> {
  const due = await db.audienceSchedule.findMany({ where: { nextRunAt: { lte: new Date(nowMs) } }, orderBy: { nextRunAt: 'asc' } });
  const outcomes: ExportRunOutcome[] = [];
  for (const s of due) {
    if (!(await stillHeld())) break;
    const everyMs = parseDuration(s.every)!;
    const next = new Date(nextRunAfter(s.nextRunAt.getTime(), everyMs, nowMs));
    const claimed = await db.audienceSchedule.updateMany({ where: { id: s.id, nextRunAt: s.nextRunAt }, data: { nextRunAt: next } });
    if (claimed.count === 0) continue; // another node ran it
    const selection = { tier: s.tier ?? undefined, journey: s.journeyKey ?? undefined, format: s.format } as AudienceSelection;
    const startedAt = new Date();
    const outcome: ExportRunOutcome = { audience: selectionLabel(selection), format: s.format };
    try {
      const { csv, summary } = await exportAudience(db, selection);
      const file = path.join(s.dir, exportFileName(selection, everyMs, nowMs));
      await writeFileWhole(file, csv);
      await db.audienceExportRun.create({ data: { scheduleId: s.id, startedAt, finishedAt: new Date(), rows: summary.rows, file, excluded: summary.excluded } });
      Object.assign(outcome, { file, rows: summary.rows });
    } catch (err) {
      const error = (err as Error).message;
      await db.audienceExportRun.create({ data: { scheduleId: s.id, startedAt, finishedAt: new Date(), error } });
      // Due again at the next look, not at the next beat: a failed run is retried, never skipped.
      await db.audienceSchedule.updateMany({ where: { id: s.id, nextRunAt: next }, data: { nextRunAt: s.nextRunAt } });
      outcome.error = error;
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

export type AudienceExportJobOptions = {
  /** How often to look for due schedules. */
  everyMs?: number;
  /** The first look, after start. */
  firstAfterMs?: number;
  now?: () => number;
  /** The lease that keeps looks to one node; by default the 'audience-exports' lease, for this process. */
  lease?: Lease;
};

const runLine = (o: ExportRunOutcome) =>
  o.error
    ? `audiences: the export of ${o.audience} (${o.format}) failed, trying again at the next look: ${o.error}`
    : `audiences: wrote ${o.rows} row${o.rows === 1 ? '' : 's'} of ${o.audience} (${o.format}) to ${o.file}`;

export function startAudienceExportJob(db: Db, log: (line: string) => void, opts: AudienceExportJobOptions = {}): LeasedLooks {
  const { everyMs = 60_000, firstAfterMs = 30_000, now = () => Date.now() } = opts;
  return startLeasedLooks({
    lease: opts.lease ?? leaseOf(db, { name: 'audience-exports', holder: leaseHolder(), ttlMs: Math.max(60_000, 3 * everyMs) }),
    everyMs,
    firstAfterMs,
    async look(stillHeld) {
      try {
        if (!(await stillHeld())) return;
        for (const outcome of await runDueExports(db, now(), stillHeld)) log(runLine(outcome));
      } catch (err) {
        // Every failure is logged and tried again: a rejection left unhandled would end the process.
        log(`audiences: could not look for due exports (${(err as Error).message}); trying again in ${Math.round(everyMs / 1000)} s`);
      }
    },
    onReleaseError: (err) => log(`audiences: could not release the exports' lease (${err.message}); another node takes over once it expires`),
  });
}
