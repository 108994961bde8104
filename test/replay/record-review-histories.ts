// Records replay histories of account reviews (`npx tsx test/replay/record-review-histories.ts v1`):
// a tier-1 journey whose review a person decides (change of tier), then rolls over and is reviewed
// by rule at its new tier's cadence; the person's review workflow; and a rule review that pauses.
// Files are named reviews-<release>-*.json and replayed by replay.test.ts with all the others.
import { defaultReviewConfig } from '../../config/reviews';
import { ReviewStatus } from '../../temporal/search-attributes';
import { reviewDecisionUpdate } from '../../workflows/review-api';
import { salesKit } from '../support/sales';
import { startRecorder } from './recorder';

const { h, save } = await startRecorder('reviews-', {
  reviews: { ...defaultReviewConfig, rules: [{ name: 'quiet', tiers: [2, 3], when: { engagementScore: { lt: 1 } }, decide: 'pause' }] },
});
const k = salesKit(h);

try {
  const account = await h.account({ domain: 'review.replay.example', tier: 1, contacts: [{ email: 'ceo@review.replay.example', role: 'decision_maker' }] });
  await h.db.account.update({ where: { id: account.id }, data: { score: 70, scoreConfidence: 1, recommendedTier: 1 } });
  const j = await h.publish({
    key: 'replay-reviewed',
    name: 'Replay: reviewed',
    stages: [{ key: 'engage', steps: [{ id: 'week', type: 'wait', duration: '7d' }, { id: 'again', type: 'goto', stage: 'engage' }] }],
  });
  const journey = await h.start('replay-reviewed', j.version, account.id, { historyLimit: 60 });
  const review = await k.until(() => h.db.review.findFirst({ where: { accountId: account.id } }), '1 day', 20);
  // Its row comes a moment before its workflow starts.
  const started = (id: string) => h.env.client.workflow.getHandle(id).describe().then((d) => d.typedSearchAttributes.get(ReviewStatus) === 'waiting', () => false);
  await k.until(() => started(review.id), '1 second');
  await h.env.client.workflow
    .getHandle(review.id)
    .executeUpdate(reviewDecisionUpdate, { args: [{ version: 1, decision: 'change_tier', tier: 2, reason: 'replay' }] });
  // Tier 2 now: the rules review it 30 days on and pause it.
  await k.until(() => h.db.review.findFirst({ where: { accountId: account.id, seq: 2, status: 'decided' } }), '1 day', 40);
  await h.env.sleep('1 day');
  await save('human-review', h.env.client.workflow.getHandle(review.id));
  await save('rule-review', h.env.client.workflow.getHandle(`review/${account.id}/2`));
  await journey.signal('stop', { reason: 'replay recorded' });
  await journey.result();
  // The first run opens the person's review and hears its decision; the last, after roll-overs,
  // carries the cadence and is reviewed by rule.
  await save('journey-reviewed-first-run', journey, journey.firstExecutionRunId);
  await save('journey-reviewed-last-run', journey);
} finally {
  await h.teardown();
}
