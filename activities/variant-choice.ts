// Which variant of an A/B-tested step a send carries, chosen at send time so journeys' histories
// stay as they were: the unit's recorded assignment if it has one (a retried or repeated send keeps
// its variant), else the winner once the rule has decided (checked here, lazily), else the seeded
// split. A new assignment is on the timeline with why, in the same transaction as its row.
import { isUniqueViolation, type Db } from '../db/client';
import type { Variant } from '../domain/measurement/experiment-schema';
import { assignVariant, splitWhy, templateOf, unitOf, type Experiment } from '../domain/measurement/variant-assignment';
import { decideIfDue, recordedDecision, type RecordedDecision } from '../metrics/experiment-decisions';
import { recordTouch } from '../timeline/record-touch';

export type ChosenVariant = { assignmentId: string; key: string; template: string; subject?: string };

type SendIds = { accountId: string; contactId: string; workflowId: string };

const chosen = (experiment: Experiment, assignmentId: string, key: string): ChosenVariant => {
  // A key the version no longer lists cannot happen within one version; the step's own template is the safe fallback.
  const variant: Variant = experiment.variants.find((v) => v.key === key) ?? { key };
  return { assignmentId, key, template: templateOf(experiment, variant), ...(variant.subject ? { subject: variant.subject } : {}) };
};

export type DecisionCheck = (experiment: Experiment, nowMs: number) => Promise<RecordedDecision | null>;

/**
 * The winner for a new unit: the recorded decision, read every time (one indexed row), and the rule
 * applied at most once per test every `everyMs` of journey time in this worker, as it reads every
 * unit of the test and their conversions: a launch of thousands of accounts checks it a few times,
 * not once per email.
 */
export function decisionChecks(db: Db, everyMs = 15 * 60_000): DecisionCheck {
  const checkedAtMs = new Map<string, number>();
  /** A check under way: the sends that come meanwhile wait for it, so none is split while a winner is being recorded. */
  const checking = new Map<string, Promise<RecordedDecision | null>>();
  return async (experiment, nowMs) => {
    const test = `${experiment.journeyKey}|${experiment.journeyVersion}|${experiment.stepId}`;
    const underway = checking.get(test);
    if (underway) {
      // Its failure is its own caller's to report (that send fails and is retried); here only the
      // decision it may have recorded matters, and it is read from the database either way.
      await underway.then(
        () => undefined,
        () => undefined,
      );
      return recordedDecision(db, experiment);
    }
    const last = checkedAtMs.get(test);
    if (last !== undefined && nowMs >= last && nowMs - last < everyMs) return recordedDecision(db, experiment);
    checkedAtMs.set(test, nowMs);
    const check = decideIfDue(db, experiment, nowMs).finally(() => checking.delete(test));
    checking.set(test, check);
    return check;
  };
}

export async function chooseVariant(db: Db, decide: DecisionCheck, experiment: Experiment, ids: SendIds, nowMs: number): Promise<ChosenVariant> {
  const unitId = unitOf(experiment.split, ids);
  const where = {
    journeyKey_journeyVersion_stepId_unitId: { journeyKey: experiment.journeyKey, journeyVersion: experiment.journeyVersion, stepId: experiment.stepId, unitId },
  };
  const existing = await db.variantAssignment.findUnique({ where, select: { id: true, variantKey: true } });
  if (existing) return chosen(experiment, existing.id, existing.variantKey);

  const decision = await decide(experiment, nowMs);
  const variant = decision ? (experiment.variants.find((v) => v.key === decision.winnerKey) ?? assignVariant(experiment, unitId)) : assignVariant(experiment, unitId);
  const why = decision ? `the winner of the test: ${decision.explanation}` : splitWhy(experiment);
  const template = templateOf(experiment, variant);
  const at = new Date(nowMs);
  const whose = experiment.split === 'account' ? 'the account' : 'the contact';
  const text = `A/B test of step ${experiment.stepId}: ${whose} gets variant ${variant.key} ("${template}"${variant.subject ? `, subject "${variant.subject}"` : ''}), ${why}`;
  try {
    const [row] = await db.$transaction([
      db.variantAssignment.create({
        data: { ...where.journeyKey_journeyVersion_stepId_unitId, accountId: ids.accountId, variantKey: variant.key, reason: decision ? 'winner' : 'split', assignedAt: at },
        select: { id: true },
      }),
      recordTouch(db, {
        idempotencyKey: `variant|${experiment.journeyKey}|${experiment.journeyVersion}|${experiment.stepId}|${unitId}`,
        accountId: ids.accountId,
        contactId: experiment.split === 'contact' ? ids.contactId : null,
        workflowId: ids.workflowId,
        journeyKey: experiment.journeyKey,
        type: 'variant_assigned',
        detail: { step: experiment.stepId, journeyVersion: experiment.journeyVersion, variant: variant.key, template, subject: variant.subject, split: experiment.split, by: decision ? 'winner' : 'split', text },
        at,
      }),
    ]);
    return chosen(experiment, row.id, variant.key);
  } catch (err) {
    // Another contact of the same account (split: account) was assigned at the same moment: one row stands, and this send takes it.
    if (!isUniqueViolation(err)) throw err;
    const raced = await db.variantAssignment.findUniqueOrThrow({ where, select: { id: true, variantKey: true } });
    return chosen(experiment, raced.id, raced.variantKey);
  }
}
