// The journey's step visits as the per-step analytics read them, written by the activity a journey
// calls when it is about to wait, on a real database (PostgreSQL with HARPOON_TEST_DATABASE).
import { expect, it } from 'vitest';
import { createStepVisitActivities, type StepEntry } from '../../activities/step-visits';
import { useFreshDb } from '../support/fresh-db';

const fresh = useFreshDb();
const t0 = Date.parse('2026-11-02T09:00:00Z');
const hour = 3_600_000;

async function journeyOf(domain: string) {
  const { db } = fresh;
  const account = await db.account.create({ data: { domain, name: domain } });
  const workflowId = `journey/nurture/${account.id}`;
  await db.journeyRun.create({ data: { workflowId, journeyKey: 'nurture', journeyVersion: 1, accountId: account.id, status: 'running' } });
  const entry = (stepId: string, atMs: number): StepEntry => ({
    workflowId,
    journeyKey: 'nurture',
    journeyVersion: 1,
    accountId: account.id,
    stage: 'engage',
    stepId,
    stepType: stepId.startsWith('wait') ? 'wait' : 'email',
    stepPath: `engage/${stepId}`,
    atMs,
  });
  const visits = async () =>
    (await db.stepVisit.findMany({ where: { workflowId }, orderBy: { enteredAt: 'asc' } })).map((v) => ({
      step: v.stepId,
      entered: v.enteredAt.toISOString(),
      left: v.leftAt?.toISOString() ?? null,
      how: v.left,
    }));
  return { workflowId, entry, visits };
}

const iso = (ms: number) => new Date(ms).toISOString();

it('records each step the journey passed through as left when it entered the next, and a retry of the same call changes nothing', async () => {
  const { recordStepsEntered } = createStepVisitActivities(fresh.db);
  const j = await journeyOf('retried.example');
  await recordStepsEntered({ entries: [j.entry('wait-1', t0)] });
  // Three steps in one workflow task: the email, a branch's email, then the wait it stops at.
  const entries = [j.entry('intro', t0 + 24 * hour), j.entry('follow-up', t0 + 24 * hour + 1), j.entry('wait-2', t0 + 24 * hour + 2)];
  await recordStepsEntered({ entries });
  const expected = [
    { step: 'wait-1', entered: iso(t0), left: iso(t0 + 24 * hour), how: 'moved_on' },
    { step: 'intro', entered: iso(t0 + 24 * hour), left: iso(t0 + 24 * hour + 1), how: 'moved_on' },
    { step: 'follow-up', entered: iso(t0 + 24 * hour + 1), left: iso(t0 + 24 * hour + 2), how: 'moved_on' },
    { step: 'wait-2', entered: iso(t0 + 24 * hour + 2), left: null, how: null },
  ];
  expect(await j.visits()).toEqual(expected);

  // The worker died after the commit and before the journey heard of it: the same call again.
  await recordStepsEntered({ entries });
  expect(await j.visits()).toEqual(expected);
  expect((await fresh.db.journeyRun.findUniqueOrThrow({ where: { workflowId: j.workflowId } })).step).toBe('wait-2');
});

it('keeps one visit of a step entered again, left when the journey moved on from it', async () => {
  const { recordStepsEntered } = createStepVisitActivities(fresh.db);
  const j = await journeyOf('looped.example');
  await recordStepsEntered({ entries: [j.entry('check', t0)] });
  await recordStepsEntered({ entries: [j.entry('wait-1', t0 + hour), j.entry('check', t0 + 2 * hour), j.entry('wait-2', t0 + 3 * hour)] });
  expect(await j.visits()).toEqual([
    { step: 'check', entered: iso(t0), left: iso(t0 + hour), how: 'moved_on' },
    { step: 'wait-1', entered: iso(t0 + hour), left: iso(t0 + 2 * hour), how: 'moved_on' },
    { step: 'wait-2', entered: iso(t0 + 3 * hour), left: null, how: null },
  ]);
});

it('records the steps of many journeys at once, each journey exactly as alone', async () => {
  const { recordStepsEntered } = createStepVisitActivities(fresh.db);
  const journeys = await Promise.all(Array.from({ length: 30 }, (_, i) => journeyOf(`launched-${i}.example`)));
  await Promise.all(journeys.map((j) => recordStepsEntered({ entries: [j.entry('intro', t0), j.entry('wait-1', t0 + 1)] })));
  await Promise.all(journeys.map((j) => recordStepsEntered({ entries: [j.entry('wait-2', t0 + 5 * 24 * hour)] })));
  for (const j of journeys) {
    expect(await j.visits()).toEqual([
      { step: 'intro', entered: iso(t0), left: iso(t0 + 1), how: 'moved_on' },
      { step: 'wait-1', entered: iso(t0 + 1), left: iso(t0 + 5 * 24 * hour), how: 'moved_on' },
      { step: 'wait-2', entered: iso(t0 + 5 * 24 * hour), left: null, how: null },
    ]);
  }
});
