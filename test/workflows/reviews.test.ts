// Account reviews on the time-skipping server with real activities, a real database file and a real
// SMTP sink: a tier-1 review waits for a person (refusing invalid decisions in one line) and, with
// nobody deciding, applies the configured default by its deadline; tiers 2 and 3 are decided by
// rules whose effects happen (pause, change of tier); the cadence survives continue-as-new.
import { forCli } from '../../domain/fields/field-ref';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { defaultReviewConfig, type ReviewConfig } from '../../config/reviews';
import { AccountTier, ReviewStatus } from '../../temporal/search-attributes';
import type { JourneyView } from '../../workflows/journey-api';
import { reviewDecisionUpdate, type ReviewDecisionRequest } from '../../workflows/review-api';
import type { ContactSeed, JourneyHarness } from '../support/journey-harness';
import { withSalesHarness, type SalesKit } from '../support/sales';

const dayMs = 86_400_000;
const reviews: ReviewConfig = {
  ...defaultReviewConfig,
  cadenceDays: [14, 30, 60],
  deadlineMs: 5 * dayMs,
  defaultDecision: 'continue',
  rules: [
    { name: 'tier3-quiet', tiers: [3], when: { engagementScore: { lt: 1 } }, decide: 'pause' },
    { name: 'tier2-thin-group', tiers: [2], coverage: { lt: 0.5 }, when: { engagementScore: { lt: 1 } }, decide: 'change_tier', tier: 3 },
  ],
};

let h: JourneyHarness;
let k: SalesKit;
withSalesHarness((made) => ({ h, k } = made), { reviews });

/**
 * A scored target: a review that changes a tier or retires runs the pool rules again, as a person's
 * change does, and those keep only scored accounts in the pool.
 */
async function target(domain: string, tier: 1 | 2 | 3, contacts: ContactSeed[]) {
  const account = await h.account({ domain, tier, contacts });
  await h.db.account.update({ where: { id: account.id }, data: { score: 80 - tier * 10, scoreConfidence: 1, recommendedTier: tier } });
  return account;
}

const waiting = (key: string) => ({ key, name: key, stages: [{ key: 'engage', steps: [{ id: 'listen', type: 'wait', duration: '120d' }] }] });

const decide = (reviewId: string, request: Omit<ReviewDecisionRequest, 'version'>) =>
  h.env.client.workflow.getHandle(reviewId).executeUpdate(reviewDecisionUpdate, { args: [{ version: 1, ...request }] });

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  // As the CLI says it: shared rules mark their fields, each door names them (domain/fields).
  return forCli(((err as WorkflowUpdateFailedError).cause as Error).message);
}

const attribute = async (workflowId: string, key: typeof ReviewStatus | typeof AccountTier) =>
  (await h.env.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(key);

describe('account reviews', () => {
  it('completes a decided review whose journey has ended meanwhile: the decision is recorded, with no journey left to tell', async () => {
    const account = await target('ended-meanwhile.example', 1, [{ email: 'coo@ended-meanwhile.example', role: 'decision_maker' }]);
    const j = await h.publish(waiting('tier1-ended'));
    const run = await h.start('tier1-ended', j.version, account.id);
    const review = await k.until(() => h.db.review.findFirst({ where: { accountId: account.id } }), '1 day', 20);
    await k.until(async () => (await attribute(run.workflowId, ReviewStatus)) === 'waiting', '1 minute');
    await k.until(async () => (await attribute(review.id, ReviewStatus)) === 'waiting', '1 minute');
    await h.stop(run, 'ended before the review was decided');

    await decide(review.id, { decision: 'pause', reason: 'budget freeze' });
    await h.env.client.workflow.getHandle(review.id).result();
    expect(await h.db.review.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({ status: 'decided', decision: 'pause' });
  });

  it('gives a tier-1 account a review task for a person every 14 days, refuses invalid decisions, and carries out a change of tier', async () => {
    const account = await target('exec-review.example', 1, [{ email: 'ceo@exec-review.example', role: 'decision_maker' }]);
    const j = await h.publish(waiting('tier1-reviewed'));
    // Read before the start: the journey counts from its own start, which a busy machine may put
    // milliseconds after this and before h.start returns.
    const startedAt = await h.env.currentTimeMs();
    const run = await h.start('tier1-reviewed', j.version, account.id);

    const review = await k.until(() => h.db.review.findFirst({ where: { accountId: account.id } }), '1 day', 20);
    expect(review).toMatchObject({ id: `review/${account.id}/1`, mode: 'human', status: 'waiting', tier: 1 });
    expect(review.createdAt.getTime() - startedAt).toBeGreaterThanOrEqual(14 * dayMs);
    expect(review.createdAt.getTime() - startedAt).toBeLessThan(15 * dayMs);
    expect(review.facts).toMatchObject({ engagementScore: 0, coverage: 0.25 });
    expect(review.evidence).toMatchObject({ gaps: expect.arrayContaining(['no champion known']) });
    await k.until(async () => (await attribute(run.workflowId, ReviewStatus)) === 'waiting', '1 minute');
    // The review's own workflow marks itself once it runs, which may be just after its row is written.
    await k.until(async () => (await attribute(review.id, ReviewStatus)) === 'waiting', '1 minute');

    expect(await refusal(decide(review.id, { decision: 'continue' }))).toBe("a decision needs --reason: say why, for the account's timeline");
    expect(await refusal(decide(review.id, { decision: 'stop', reason: 'x' }))).toBe('"stop" is not a decision: expected one of continue, accelerate, change_tier, pause, retire');
    expect(await refusal(decide(review.id, { decision: 'change_tier', reason: 'x' }))).toBe('change_tier needs --tier 1, 2 or 3');
    expect(await refusal(decide(review.id, { decision: 'change_tier', reason: 'x', tier: 1 }))).toMatch(/^the account is already tier 1/);

    const hanna = await k.rep('hanna@harpoon.test');
    const result = await decide(review.id, { decision: 'change_tier', tier: 2, reason: 'no executive sponsor after two quarters', byRepId: hanna.id });
    expect(result).toEqual({ reviewId: review.id, decision: 'change_tier', effect: 'the account moves to tier 2' });
    expect(await refusal(decide(review.id, { decision: 'continue', reason: 'again' }))).toMatch(/^this review is already decided \(change_tier\)/);

    const after = await h.db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(after.tierOverride).toBe(2);
    const change = await h.db.statusChange.findFirstOrThrow({ where: { accountId: account.id, field: 'tierOverride' } });
    expect(change).toMatchObject({ oldValue: null, newValue: '2', actor: 'user:hanna@harpoon.test' });
    expect(change.reason).toContain(`review ${review.id} by hanna@harpoon.test: no executive sponsor after two quarters`);
    const decided = await h.db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'review_decided' } });
    expect(decided.detail).toMatchObject({ decision: 'change_tier', by: 'hanna@harpoon.test', before: { tier: 1 }, after: { tier: 2 }, reason: 'no executive sponsor after two quarters' });
    await k.until(async () => (await attribute(run.workflowId, AccountTier)) === '2', '1 second');
    expect(await attribute(run.workflowId, ReviewStatus)).toBe('decided');
    expect((await run.query<JourneyView>('status')).timeline.some((t) => t.text.startsWith(`review ${review.id}: change_tier to tier 2`))).toBe(true);

    // Now tier 2: the next review comes 30 days after the first, and the rules decide it.
    const next = await k.until(() => h.db.review.findFirst({ where: { accountId: account.id, seq: 2, status: 'decided' } }), '1 day', 40);
    expect(next.createdAt.getTime() - review.createdAt.getTime()).toBeGreaterThanOrEqual(30 * dayMs);
    expect(next.mode).toBe('rule');
    await h.stop(run);
  });

  it('applies the configured default when nobody decides a tier-1 review by its deadline, and says so', async () => {
    const account = await target('unanswered.example', 1, [{ email: 'cfo@unanswered.example', role: 'budget_holder' }]);
    const j = await h.publish(waiting('tier1-unanswered'));
    const run = await h.start('tier1-unanswered', j.version, account.id);
    const review = await k.until(() => h.db.review.findFirst({ where: { accountId: account.id } }), '1 day', 20);
    const decided = await k.until(() => h.db.review.findFirst({ where: { id: review.id, status: 'decided' } }), '12 hours', 20);

    expect(decided).toMatchObject({ decision: 'continue', decidedBy: 'default', rule: 'deadline default' });
    expect(decided.decidedAt!.getTime() - review.createdAt.getTime()).toBeGreaterThanOrEqual(5 * dayMs);
    expect(decided.decidedAt!.getTime() - review.createdAt.getTime()).toBeLessThan(5 * dayMs + 60_000);
    const touch = await h.db.touch.findFirstOrThrow({ where: { accountId: account.id, type: 'review_decided' } });
    expect((touch.detail as { text: string }).text).toMatch(/decided by default \(rule deadline default\): nobody decided by the deadline .*: the configured default \(continue\) applies/);
    // The review records its decision (the row above), then marks itself in a later workflow task.
    await k.until(async () => (await attribute(review.id, ReviewStatus)) === 'decided', '1 second');
    expect((await run.query<JourneyView>('status')).status).toBe('running');
    await h.stop(run);
  });

  it('decides tiers 2 and 3 by rule, with the rule recorded and its effect carried out: pause, change of tier', async () => {
    const quiet = await target('quiet.example', 3, [{ email: 'user@quiet.example', role: 'user' }]);
    const thin = await target('thin.example', 2, [{ email: 'champ@thin.example', role: 'champion' }]);
    const j = await h.publish(waiting('ruled'));
    const quietRun = await h.start('ruled', j.version, quiet.id);
    const thinRun = await h.start('ruled', j.version, thin.id);
    await k.until(() => h.db.review.findFirst({ where: { accountId: thin.id, status: 'decided' } }), '1 day', 40);

    await k.until(async () => (await thinRun.query<JourneyView>('status')).timeline.some((t) => t.text.includes('change_tier')), '1 day', 40);
    expect(await h.db.review.findFirstOrThrow({ where: { accountId: thin.id } })).toMatchObject({ mode: 'rule', decision: 'change_tier', toTier: 3, rule: 'tier2-thin-group', decidedBy: 'rule' });
    expect((await h.db.account.findUniqueOrThrow({ where: { id: thin.id } })).tierOverride).toBe(3);
    expect(await attribute(thinRun.workflowId, AccountTier)).toBe('3');

    const paused = await k.until(async () => {
      const view = await quietRun.query<JourneyView>('status');
      return view.status === 'paused' ? view : null;
    }, '1 day', 40);
    expect(paused.timeline.some((t) => t.text.includes('pause (rule tier3-quiet)'))).toBe(true);
    expect(await h.db.journeyRun.findUniqueOrThrow({ where: { workflowId: quietRun.workflowId } })).toMatchObject({ status: 'paused' });
    const touch = await h.db.touch.findFirstOrThrow({ where: { accountId: quiet.id, type: 'review_decided' } });
    expect(touch.detail).toMatchObject({ decision: 'pause', by: 'rule', rule: 'tier3-quiet', before: { tier: 3, poolStatus: 'target' }, after: { tier: 3, poolStatus: 'target' } });
    await h.stop(quietRun);
    await h.stop(thinRun);
  });

  it('keeps the cadence across continue-as-new: a tier-2 account is reviewed every 30 days while the journey rolls over', async () => {
    const account = await target('rolling.example', 2, [
      { email: 'champ@rolling.example', role: 'champion' },
      { email: 'boss@rolling.example', role: 'decision_maker' },
    ]);
    const j = await h.publish({
      key: 'daily-loop',
      name: 'Daily loop',
      stages: [
        {
          key: 'engage',
          steps: [
            { id: 'day', type: 'wait', duration: '1d' },
            { id: 'enough', type: 'branch', if: { timeInStage: { gte: '65d' } }, then: { step: 'bye' } },
            { id: 'again', type: 'goto', stage: 'engage' },
            { id: 'bye', type: 'exit', reason: 'loop_done' },
          ],
        },
      ],
    });
    const run = await h.start('daily-loop', j.version, account.id, { historyLimit: 40 });
    const startedAt = await h.env.currentTimeMs();
    const latest = h.env.client.workflow.getHandle(run.workflowId);
    const view: JourneyView = await latest.result();
    expect(view.exitReason).toBe('loop_done');
    expect((await latest.describe()).runId).not.toBe(run.firstExecutionRunId);

    const held = await h.db.review.findMany({ where: { accountId: account.id }, orderBy: { seq: 'asc' } });
    expect(held.map((r) => [r.seq, r.mode, r.decision, r.rule])).toEqual([
      [1, 'rule', 'continue', 'no rule matched'],
      [2, 'rule', 'continue', 'no rule matched'],
    ]);
    expect(held.map((r) => Math.round((r.createdAt.getTime() - startedAt) / dayMs))).toEqual([30, 60]);
  });
});
