// The accounts running older versions of a journey, and moving them to a newly published version
// (`journeys publish --running migrate|restart`) through the journey's validated changeVersion
// Update: the journey refuses what it cannot do (its step is not in the new version, it ended).
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { recordTouch } from '../timeline/record-touch';
import type { Db } from '../db/client';
import type { JourneyDefinition } from '../domain/journey/definition';
import type { RunningJourney } from '../domain/journey/publish-plan';
import { changeVersionUpdate, statusQuery, type VersionChange } from '../workflows/journey-api';

// Journeys asked at once, and how long one may take to answer before it counts as unknown.
const window = 16;
const answerMs = 10_000;

async function inWindows<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += window) results.push(...(await Promise.all(items.slice(i, i + window).map(fn))));
  return results;
}

/** Open runs of the journey on versions older than `version`; their live step when Temporal answers. */
export async function runningOlderVersions(db: Db, client: Client | undefined, journeyKey: string, version: number): Promise<RunningJourney[]> {
  const runs = await db.journeyRun.findMany({
    where: { journeyKey, status: { in: ['running', 'paused'] }, journeyVersion: { lt: version } },
    select: { workflowId: true, journeyVersion: true, stage: true, account: { select: { domain: true } } },
    orderBy: { workflowId: 'asc' },
  });
  return inWindows(runs, async (r) => {
    const run = { workflowId: r.workflowId, domain: r.account.domain, journeyVersion: r.journeyVersion, stage: r.stage, step: null };
    if (!client) return run;
    try {
      const view = await client.withDeadline(Date.now() + answerMs, () => client.workflow.getHandle(r.workflowId).query(statusQuery));
      return { ...run, stage: view.stage, step: view.step?.id ?? null };
    } catch (err) {
      // No answer (no worker, a journey that ended meanwhile): its step is unknown, and the preview says why.
      return { ...run, unanswered: err instanceof Error ? err.message : String(err) };
    }
  });
}

export type MoveOutcome = { domain: string; workflowId: string; result: 'accepted' | 'refused' | 'ended'; detail: string };

/**
 * Asks each journey to move; the journey applies it at its next safe point and records it on the
 * timeline. A refusal happens in the Update's validator, which writes nothing anywhere, so the
 * refusal is recorded here, on the account's timeline, where a marketer looks for why it stayed.
 */
export async function moveRunningJourneys(
  client: Client,
  runs: readonly RunningJourney[],
  target: { version: number; definition: JourneyDefinition },
  mode: VersionChange['mode'],
  db: Db,
): Promise<MoveOutcome[]> {
  const change: VersionChange = {
    version: 1,
    journeyVersion: target.version,
    mode,
    stepIds: target.definition.stages.flatMap((s) => s.steps.map((step) => step.id)),
  };
  const outcomes = await inWindows(runs, async (run) => {
    const base = { domain: run.domain, workflowId: run.workflowId };
    try {
      const result = await client.withDeadline(Date.now() + answerMs * 3, () => client.workflow.getHandle(run.workflowId).executeUpdate(changeVersionUpdate, { args: [change] }));
      return { ...base, result: 'accepted' as const, detail: `v${result.from} at ${result.step ?? '?'} → v${result.to} (${mode}) at its next safe point` };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { ...base, result: 'ended' as const, detail: 'the journey has ended' };
      if (err instanceof WorkflowUpdateFailedError) return { ...base, result: 'refused' as const, detail: err.cause?.message ?? err.message };
      throw err;
    }
  });
  await recordRefusals(db, runs, outcomes, target.version, mode);
  return outcomes;
}

/** One timeline line per refused journey and target version (publishing again adds none). */
async function recordRefusals(db: Db, runs: readonly RunningJourney[], outcomes: readonly MoveOutcome[], version: number, mode: VersionChange['mode']) {
  const refused = outcomes.filter((o) => o.result === 'refused');
  if (refused.length === 0) return;
  const journeys = await db.journeyRun.findMany({ where: { workflowId: { in: refused.map((o) => o.workflowId) } }, select: { workflowId: true, accountId: true, journeyKey: true } });
  const byId = new Map(journeys.map((j) => [j.workflowId, j]));
  const fromOf = new Map(runs.map((r) => [r.workflowId, r.journeyVersion]));
  await db.$transaction(
    refused.flatMap((o) => {
      const journey = byId.get(o.workflowId);
      if (!journey) return [];
      const from = fromOf.get(o.workflowId);
      return [
        recordTouch(db, {
          idempotencyKey: `version-refused|${o.workflowId}|v${version}|${mode}`,
          accountId: journey.accountId,
          workflowId: o.workflowId,
          journeyKey: journey.journeyKey,
          type: 'lifecycle_version_refused',
          detail: { text: `stays on version ${from}: ${mode} to version ${version} refused (${o.detail})`, from, to: version, mode },
          at: new Date(),
        }),
      ];
    }),
  );
}
