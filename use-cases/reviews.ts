// Reviewers' side of account reviews: the list and one review's evidence from the database, and a
// person's decision sent to the review's workflow as the `reviewDecision` Update (refused there, in
// one line, when it is invalid).
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { HandoffEvidence } from '../domain/sales/evidence';
import type { DecisionRequest } from '../domain/reviews/vocabulary';
import { conflict, notFound } from '../domain/use-case-error';
import { hasLeftPool, poolExits } from '../domain/accounts/eligibility';
import { reviewDecisionUpdate, type ReviewDecisionResult } from '../workflows/review-api';
import { refusableUpdate } from '../client/refusable-update';
import { findRep } from './sales-tasks';
import { normaliseDomain } from '../domain/accounts/domain-name';

export type ReviewSummary = {
  id: string;
  account: { id: string; domain: string; name: string };
  tier: number | null;
  mode: string;
  status: string;
  createdAt: string;
  deadlineAt: string | null;
  decision: string | null;
  toTier: number | null;
  decidedBy: string | null;
  rule: string | null;
  reason: string | null;
};

export type ReviewDetail = ReviewSummary & { facts: Record<string, unknown>; evidence: HandoffEvidence; journeyWorkflowId: string };

type ReviewRow = NonNullable<Awaited<ReturnType<Db['review']['findFirst']>>> & { account: { id: string; domain: string; name: string } };

function summary(r: ReviewRow): ReviewSummary {
  return {
    id: r.id,
    account: { id: r.account.id, domain: r.account.domain, name: r.account.name },
    tier: r.tier,
    mode: r.mode,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    deadlineAt: r.deadlineAt?.toISOString() ?? null,
    decision: r.status === 'decided' ? r.decision : null,
    toTier: r.status === 'decided' ? r.toTier : null,
    decidedBy: r.decidedBy,
    rule: r.status === 'decided' ? r.rule : null,
    reason: r.reason,
  };
}

/** Reviews waiting for a person (soonest deadline first), or with `all` also the decided ones (newest first). */
export async function listReviews(db: Db, opts: { all?: boolean } = {}): Promise<ReviewSummary[]> {
  const rows = await db.review.findMany({
    // Waiting for a person: not those of accounts that left the pool, which take no decision.
    where: opts.all ? {} : { status: 'waiting', mode: 'human', account: { poolStatus: { notIn: [...poolExits] } } },
    include: { account: true },
    orderBy: opts.all ? [{ createdAt: 'desc' }] : [{ deadlineAt: 'asc' }, { createdAt: 'asc' }],
    take: opts.all ? 200 : undefined,
  });
  return (rows as ReviewRow[]).map(summary);
}

/** A review by its ID (review/<account-id>/<n>), or by an account's domain: its latest review. */
export async function findReview(db: Db, ref: string): Promise<ReviewDetail> {
  // Spelt as the account commands take it: with a scheme, "www.", a path or a trailing dot.
  const domain = normaliseDomain(ref);
  const row =
    (await db.review.findUnique({ where: { id: ref }, include: { account: true } })) ??
    (domain ? await db.review.findFirst({ where: { account: { domain } }, include: { account: true }, orderBy: { seq: 'desc' } }) : null);
  if (!row) throw notFound(`No review "${ref}": give a review ID from "harpoon reviews list" or an account's domain.`);
  return { ...summary(row as ReviewRow), facts: row.facts as Record<string, unknown>, evidence: row.evidence as unknown as HandoffEvidence, journeyWorkflowId: row.journeyWorkflowId };
}

/** Sends a person's decision to the review's workflow; its validator decides, and says why not. */
export async function decideReview(db: Db, temporal: () => Promise<Client>, ref: string, request: Omit<DecisionRequest, 'byRepId'>, byEmail?: string): Promise<ReviewDecisionResult> {
  const review = await findReview(db, ref);
  if (review.status === 'waiting') {
    // Its journey ended when the account left the pool: a decision would change a tier or wake a
    // journey of an account Harpoon no longer works on.
    const account = await db.account.findUniqueOrThrow({ where: { id: review.account.id }, select: { poolStatus: true } });
    if (hasLeftPool(account)) {
      throw conflict(`${review.id}: ${review.account.domain} is ${account.poolStatus}, so its review takes no decision; to work on it again, bring it back ("harpoon accounts include ${review.account.domain}") and launch a journey, whose reviews come in their turn`);
    }
  }
  const byRepId = byEmail ? (await findRep(db, byEmail)).id : undefined;
  const handle = (await temporal()).workflow.getHandle(review.id);
  return refusableUpdate(review.id, `${review.id} is ${review.status}${review.decision ? ` (${review.decision})` : ''} and takes no more decisions`, () =>
    handle.executeUpdate(reviewDecisionUpdate, { args: [{ version: 1, ...request, ...(byRepId ? { byRepId } : {}) }] }),
  );
}
