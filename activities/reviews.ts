// Account reviews' I/O: when the next review is due, opening a review (one open per account,
// enforced by a unique index) with the value score, engagement and buying-group coverage
// recomputed and, for tiers 2 and 3, the rules' decision; and carrying out a decision on the
// account (tier, pool) with its before and after on the timeline, in one transaction.
import { loadScoringModel } from '../config/scoring';
import { defaultReviewConfig, type ReviewConfig } from '../config/reviews';
import { type Db, isUniqueViolation } from '../db/client';
import { rebalancePool } from '../accounts/rebalance-pool';
import { recordStatusChanges } from '../accounts/status-history';
import { scoringInputOf } from '../accounts/score-accounts';
import { inTransaction } from '../db/transaction';
import { buyingGroupCoverage } from '../domain/accounts/coverage';
import { assessAccount } from '../domain/accounts/score';
import type { Actor } from '../domain/accounts/vocabulary';
import type { EngagementSummary } from '../domain/engagement/score';
import type { SeenEvent } from '../domain/journey/engine';
import { decideByRules, reviewIntervalMs, type RuleDecision } from '../domain/reviews/rules';
import { describeDecision, type ReviewDecision, type ReviewMode, type ReviewStatus } from '../domain/reviews/vocabulary';
import { loadEvidence } from './evidence';
import { recordTouch } from '../timeline/record-touch';
import { shortInZone } from '../domain/time/zone-time';

export type ReviewRequest = {
  accountId: string;
  journeyWorkflowId: string;
  journeyKey: string;
  nowMs: number;
  /** The journey's view of the account: IDs, roles and numbers only. */
  engagement: EngagementSummary;
  stageEnteredAtMs: number;
  eventsSeen: SeenEvent[];
};

export type ReviewAnswer =
  | { kind: 'created' | 'open'; reviewId: string; mine: boolean; mode: ReviewMode }
  /** The account left the pool (or is gone): nothing to review. */
  | { kind: 'skipped'; why: string };

/** What the review workflow needs: IDs, times and codes. */
export type ReviewFacts = {
  reviewId: string;
  accountId: string;
  journeyWorkflowId: string;
  mode: ReviewMode;
  status: ReviewStatus;
  tier: number | null;
  deadlineAtMs: number | null;
  /** Rule mode: what the rules decided when the review opened. */
  ruleDecision?: RuleDecision;
  defaultDecision: ReviewDecision;
};

export type DecisionToApply = {
  reviewId: string;
  decision: ReviewDecision;
  tier?: number;
  reason: string;
  /** `rule`, `default`, `rep:<sales rep ID>` or `a reviewer` (a person the CLI was not told). */
  by: string;
  rule?: string;
  nowMs: number;
};

export type AppliedDecision = { journeysToStop: string[]; text: string };

const inPool = (status: string) => status === 'target' || status === 'candidate';

export function createReviewActivities(db: Db, cfg: ReviewConfig = defaultReviewConfig) {
  const openReviewOf = (accountId: string) => db.review.findUnique({ where: { openAccountId: accountId } });

  return {
    /** When the account's next review is due after `fromMs`, by its tier now (a review may have changed it). */
    async nextReviewAt({ accountId, fromMs }: { accountId: string; fromMs: number }): Promise<number> {
      const account = await db.account.findUnique({ where: { id: accountId }, select: { tier: true, tierOverride: true } });
      return fromMs + reviewIntervalMs(cfg.cadenceDays, account ? (account.tierOverride ?? account.tier) : null);
    },

    /**
     * Opens the account's review unless one is open (then says whose). Concurrent requests race on
     * the unique open-review index: one wins, the others find its review; a retried activity finds
     * the review it created (`mine`).
     */
    async openReview(req: ReviewRequest): Promise<ReviewAnswer> {
      const existing = await openReviewOf(req.accountId);
      if (existing) return { kind: 'open', reviewId: existing.id, mine: existing.journeyWorkflowId === req.journeyWorkflowId, mode: existing.mode as ReviewMode };
      const account = await db.account.findUnique({ where: { id: req.accountId }, include: { contacts: { select: { role: true, consent: true } } } });
      if (!account) return { kind: 'skipped', why: 'the account no longer exists' };
      if (!inPool(account.poolStatus)) return { kind: 'skipped', why: `the account is ${account.poolStatus}` };
      const tier = account.tierOverride ?? account.tier;
      const valueScore = assessAccount(scoringInputOf(account), loadScoringModel()).score;
      const coverage = buyingGroupCoverage(account.contacts);
      const facts = { nowMs: req.nowMs, tier, stageEnteredAtMs: req.stageEnteredAtMs, engagement: req.engagement, eventsSeen: req.eventsSeen };
      const mode: ReviewMode = tier === 1 ? 'human' : 'rule';
      const proposed = mode === 'rule' ? decideByRules(cfg.rules, { ...facts, valueScore, coverage: coverage.ratio }) : undefined;
      const evidence = await loadEvidence(db, {
        accountId: req.accountId,
        why: `tier ${tier ?? '-'} review from journey ${req.journeyKey}`,
        score: req.engagement.score,
        byRole: req.engagement.byRole as Record<string, number>,
      });
      const seq = (await db.review.count({ where: { accountId: req.accountId } })) + 1;
      const reviewId = `review/${req.accountId}/${seq}`;
      const at = new Date(req.nowMs);
      const deadlineAt = mode === 'human' ? new Date(req.nowMs + cfg.deadlineMs) : null;
      const recomputed = {
        valueScore,
        storedScore: account.score,
        engagementScore: req.engagement.score,
        engagedRoles: req.engagement.engagedRoles,
        coverage: coverage.ratio,
        coverageGaps: coverage.gaps.map((g) => `${g.role}: ${g.why}`),
      };
      try {
        await db.$transaction([
          db.review.create({
            data: {
              id: reviewId,
              accountId: req.accountId,
              seq,
              openAccountId: req.accountId,
              journeyWorkflowId: req.journeyWorkflowId,
              tier,
              mode,
              status: 'waiting',
              facts: recomputed,
              evidence: evidence as object,
              deadlineAt,
              ...(proposed ? { decision: proposed.decision, toTier: proposed.tier ?? null, rule: proposed.rule } : {}),
              createdAt: at,
            },
          }),
          recordTouch(db, {
            idempotencyKey: `${reviewId}|opened`,
            accountId: req.accountId,
            workflowId: reviewId,
            journeyKey: req.journeyKey,
            type: 'review_opened',
            detail: {
              reviewId,
              mode,
              ...recomputed,
              text:
                mode === 'human'
                  ? `tier-1 review ${reviewId} waits for a person until ${shortInZone(deadlineAt!.getTime(), 'UTC')} UTC (then: ${cfg.defaultDecision}); value score ${valueScore ?? 'unknown'}, engagement ${req.engagement.score}, coverage ${Math.round(coverage.ratio * 100)}%`
                  : `tier ${tier ?? '-'} review ${reviewId}: value score ${valueScore ?? 'unknown'}, engagement ${req.engagement.score}, coverage ${Math.round(coverage.ratio * 100)}%`,
            },
            at,
          }),
        ]);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const winner = await openReviewOf(req.accountId);
        if (winner) return { kind: 'open', reviewId: winner.id, mine: winner.journeyWorkflowId === req.journeyWorkflowId, mode: winner.mode as ReviewMode };
        // The same seq was taken by a review decided meanwhile: let Temporal retry with a fresh count.
        throw err;
      }
      return { kind: 'created', reviewId, mine: true, mode };
    },

    async loadReviewFacts(reviewId: string): Promise<ReviewFacts> {
      const r = await db.review.findUniqueOrThrow({ where: { id: reviewId } });
      return {
        reviewId,
        accountId: r.accountId,
        journeyWorkflowId: r.journeyWorkflowId,
        mode: r.mode as ReviewMode,
        status: r.status as ReviewStatus,
        tier: r.tier,
        deadlineAtMs: r.deadlineAt?.getTime() ?? null,
        ...(r.mode === 'rule' && r.decision
          ? { ruleDecision: { decision: r.decision as ReviewDecision, rule: r.rule ?? 'no rule matched', ...(r.toTier ? { tier: r.toTier as 1 | 2 | 3 } : {}) } }
          : {}),
        defaultDecision: cfg.defaultDecision,
      };
    },

    /**
     * Records the decision and carries out its account-level effects in one transaction: a tier
     * change (it sticks like a manual tier, with the review in its status history), a retirement
     * (out of the pool); then the pool rules run again, as after a person's change. Pause and
     * accelerate act on the journey, which the review workflow tells. Idempotent: a retry finds
     * the review decided and changes nothing.
     */
    async applyReviewDecision(d: DecisionToApply): Promise<AppliedDecision> {
      const journeysToStop = async (accountId: string) =>
        d.decision === 'retire'
          ? (await db.journeyRun.findMany({ where: { accountId, status: { in: ['running', 'paused'] } }, select: { workflowId: true } })).map((r) => r.workflowId)
          : [];
      const review = await db.review.findUniqueOrThrow({ where: { id: d.reviewId } });
      if (review.status === 'decided') {
        const touch = await db.touch.findUnique({ where: { idempotencyKey: `${d.reviewId}|decided` } });
        return { journeysToStop: await journeysToStop(review.accountId), text: String((touch?.detail as { text?: string } | null)?.text ?? '') };
      }
      // The person is named on the timeline and in the status history by e-mail, never in Temporal.
      const repId = d.by.startsWith('rep:') ? d.by.slice(4) : undefined;
      const by = repId ? ((await db.salesRep.findUnique({ where: { id: repId } }))?.email ?? d.by) : d.by;
      const actor: Actor = by === 'rule' || by === 'default' ? 'system' : `user:${by}`;
      const at = new Date(d.nowMs);
      const text = await inTransaction(db, async (tx) => {
        const account = await tx.account.findUniqueOrThrow({ where: { id: review.accountId } });
        const tierBefore = account.tierOverride ?? account.tier;
        const before = { tier: tierBefore, poolStatus: account.poolStatus };
        const after = { ...before };
        const why = `review ${d.reviewId} by ${by}${d.rule ? ` (rule ${d.rule})` : ''}: ${d.reason}`;
        if (d.decision === 'change_tier' && d.tier !== undefined && d.tier !== tierBefore) {
          await tx.account.update({ where: { id: account.id }, data: { tierOverride: d.tier, tierFixedBy: 'review', tierReason: why } });
          await recordStatusChanges(tx, [{ accountId: account.id, field: 'tierOverride', oldValue: account.tierOverride, newValue: d.tier, reason: why, actor }]);
          after.tier = d.tier;
        }
        if (d.decision === 'retire' && inPool(account.poolStatus)) {
          await tx.account.update({ where: { id: account.id }, data: { poolStatus: 'retired', poolReason: why, poolChangedAt: at } });
          await recordStatusChanges(tx, [{ accountId: account.id, field: 'poolStatus', oldValue: account.poolStatus, newValue: 'retired', reason: why, actor }]);
          after.poolStatus = 'retired';
        }
        if (after.tier !== before.tier || after.poolStatus !== before.poolStatus) await rebalancePool(tx, { actor, model: loadScoringModel() });
        await tx.review.update({
          where: { id: d.reviewId },
          data: { status: 'decided', openAccountId: null, decision: d.decision, toTier: d.tier ?? null, reason: d.reason, rule: d.rule ?? null, decidedBy: by, decidedAt: at },
        });
        const text = `review ${d.reviewId}: ${d.decision}${d.decision === 'change_tier' ? ` ${before.tier ?? '-'} → ${after.tier}` : ''}, decided by ${by}${d.rule ? ` (rule ${d.rule})` : ''}: ${d.reason}; ${describeDecision(d.decision, d.tier)}`;
        await recordTouch(tx, {
          idempotencyKey: `${d.reviewId}|decided`,
          accountId: account.id,
          workflowId: d.reviewId,
          type: 'review_decided',
          detail: { reviewId: d.reviewId, decision: d.decision, by, rule: d.rule ?? null, reason: d.reason, before, after, text },
          at,
        });
        return text;
      });
      return { journeysToStop: await journeysToStop(review.accountId), text };
    },
  };
}
