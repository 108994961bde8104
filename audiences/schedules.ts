// Standing orders to export an audience to a folder (`harpoon audiences schedule add|list|remove`);
// the worker runs them (audiences/scheduled-exports.ts).
import { accessSync, constants, statSync } from 'node:fs';
import type { Db } from '../db/client';
import type { AudienceScheduleInput } from '../domain/audiences/schedule';
import { selectionLabel } from '../domain/audiences/selection';
import { field } from '../domain/fields/field-ref';
import { invalid, notFound } from '../domain/use-case-error';

/** Refused now rather than at the first run: a folder that is missing or not writable. */
function checkFolder(dir: string) {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
    accessSync(dir, constants.W_OK);
  } catch {
    throw invalid(`${field('dir')}: ${dir} is not a folder Harpoon can write to; create it (mkdir -p ${dir}) or give another`);
  }
  if (!isDir) throw invalid(`${field('dir')}: ${dir} is a file, expected a folder`);
}

export async function addSchedule(db: Db, input: AudienceScheduleInput, nowMs = Date.now()) {
  checkFolder(input.dir);
  if (input.journey !== undefined && !(await db.journeyVersion.findFirst({ where: { key: input.journey }, select: { id: true } }))) {
    throw notFound(`no journey "${input.journey}": give a journey's key, as "harpoon journeys list" shows it`);
  }
  // The first export is due at once: the next round of the worker's job writes it.
  return db.audienceSchedule.create({
    data: { tier: input.tier ?? null, journeyKey: input.journey ?? null, format: input.format, every: input.every, dir: input.dir, nextRunAt: new Date(nowMs) },
  });
}

export type ScheduleView = {
  id: string;
  audience: string;
  format: string;
  every: string;
  dir: string;
  nextRunAt: string;
  lastRun: { startedAt: string; rows: number | null; file: string | null; error: string | null } | null;
};

export async function listSchedules(db: Db): Promise<ScheduleView[]> {
  const schedules = await db.audienceSchedule.findMany({ orderBy: { createdAt: 'asc' }, include: { runs: { orderBy: { startedAt: 'desc' }, take: 1 } } });
  return schedules.map((s) => {
    const last = s.runs[0];
    return {
      id: s.id,
      audience: selectionLabel({ tier: s.tier ?? undefined, journey: s.journeyKey ?? undefined }),
      format: s.format,
      every: s.every,
      dir: s.dir,
      nextRunAt: s.nextRunAt.toISOString(),
      lastRun: last ? { startedAt: last.startedAt.toISOString(), rows: last.rows, file: last.file, error: last.error } : null,
    };
  });
}

export async function removeSchedule(db: Db, id: string): Promise<void> {
  const { count } = await db.audienceSchedule.deleteMany({ where: { id } });
  if (count === 0) throw notFound(`no audience schedule "${id}"; "harpoon audiences schedule list" shows them`);
}
