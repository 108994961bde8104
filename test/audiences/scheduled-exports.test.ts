// The scheduled audience exports the worker runs (audiences/scheduled-exports.ts): each due run
// writes its file once, whole, however many worker nodes race for it; a run that fails is recorded
// with its error and runs again at the next look.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runDueExports, startAudienceExportJob } from '../../audiences/scheduled-exports';
import { addSchedule, listSchedules } from '../../audiences/schedules';
import { lease } from '../../db/leases';
import { sha256Hex } from '../../domain/audiences/match-keys';
import { audienceScheduleSchema } from '../../domain/audiences/schedule';
import { useFreshDb } from '../support/fresh-db';
import { until } from '../support/until';

const t = useFreshDb({ each: true });
const dayMs = 86_400_000;
const expectedCsv = `Email,First Name,Last Name,Country\n${sha256Hex('ann@acme.example')},,,\n`;

const folder = () => mkdtempSync(path.join(t.dir, 'exports-'));
const schedule = (dir: string) => addSchedule(t.db, audienceScheduleSchema.parse({ tier: '1', format: 'google', every: '1d', dir }));


async function seed() {
  await t.db.account.create({ data: { domain: 'acme.example', name: 'Acme', tier: 1, poolStatus: 'target', contacts: { create: { email: 'ann@acme.example' } } } });
}

it('writes a due export once, whole, with two worker nodes racing for it', async () => {
  await seed();
  const dir = folder();
  const s = await schedule(dir);
  const logs: string[] = [];
  const jobs = ['node-a', 'node-b'].map((holder) =>
    startAudienceExportJob(t.db, (line) => logs.push(line), { everyMs: 20, firstAfterMs: 0, lease: lease(t.db, { name: 'audience-exports', holder, ttlMs: 5_000 }) }),
  );
  await until('the first run', async () => (await t.db.audienceExportRun.count()) > 0, { timeoutMs: 10_000, intervalMs: 20 });
  await new Promise((r) => setTimeout(r, 200)); // a few more looks by both nodes
  await Promise.all(jobs.map((j) => j.stop()));

  const runs = await t.db.audienceExportRun.findMany();
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ scheduleId: s.id, rows: 1, error: null });
  const name = `harpoon-audience-tier1-google-${runs[0]!.startedAt.toISOString().slice(0, 10)}.csv`;
  expect(readdirSync(dir)).toEqual([name]);
  expect(readFileSync(path.join(dir, name), 'utf8')).toBe(expectedCsv);
  expect(logs).toEqual([`audiences: wrote 1 row of tier 1 (google) to ${path.join(dir, name)}`]);
  const next = (await t.db.audienceSchedule.findUniqueOrThrow({ where: { id: s.id } })).nextRunAt.getTime();
  expect(next - s.nextRunAt.getTime()).toBe(dayMs);
});

it('runs a due export once when two holders overlap (a lease expired mid-look)', async () => {
  await seed();
  const dir = folder();
  await schedule(dir);
  const now = Date.now() + 1000;
  const outcomes = (await Promise.all([runDueExports(t.db, now), runDueExports(t.db, now)])).flat();
  expect(outcomes).toHaveLength(1);
  expect(await t.db.audienceExportRun.count()).toBe(1);
  expect(readdirSync(dir)).toHaveLength(1);
});

it('records a run that could not write its file, and runs it again at the next look', async () => {
  await seed();
  const dir = folder();
  const s = await schedule(dir);
  rmSync(dir, { recursive: true });
  const first = await runDueExports(t.db, Date.now() + 1000);
  expect(first).toEqual([{ audience: 'tier 1', format: 'google', error: expect.stringContaining('ENOENT') }]);
  const [failed] = await listSchedules(t.db);
  expect(failed!.lastRun).toMatchObject({ rows: null, file: null, error: expect.stringContaining(dir) });
  expect(failed!.nextRunAt).toBe(s.nextRunAt.toISOString()); // still due

  mkdirSync(dir);
  const second = await runDueExports(t.db, Date.now() + 2000);
  expect(second).toEqual([{ audience: 'tier 1', format: 'google', rows: 1, file: expect.stringContaining(dir) }]);
  expect(readdirSync(dir)).toHaveLength(1);
  const runs = await t.db.audienceExportRun.findMany({ orderBy: { startedAt: 'asc' } });
  expect(runs.map((r) => [r.rows, r.error === null])).toEqual([[null, false], [1, true]]);
});

it('refuses a schedule whose folder does not exist, and takes one as rare as yearly', async () => {
  await expect(schedule(path.join(t.dir, 'missing'))).rejects.toThrow(/is not a folder Harpoon can write to/);
  await addSchedule(t.db, audienceScheduleSchema.parse({ tier: '2', format: 'linkedin', every: '52w', dir: folder() }));
  expect((await listSchedules(t.db)).map((s) => [s.audience, s.every])).toEqual([['tier 2', '52w']]);
});
