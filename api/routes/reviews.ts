// /v1/reviews: account reviews, as `harpoon reviews ...` has them: the tier-1 reviews waiting for a
// person (or every review), one review with its evidence, and a person's decision, sent to the
// review's workflow as the validated `reviewDecision` Update (its refusals are 409s, in one line).
import { z } from 'zod';
import { decideReview, findReview, listReviews } from '../../use-cases/reviews';
import { marketingOnly } from '../../domain/access/roles';
import { reviewDecisions } from '../../domain/reviews/vocabulary';
import type { ApiRoutes } from '../deps';
import { reviewDecisionResult, reviewDetail, reviewSummary } from '../responses/handoffs';

const params = z.object({ review: z.string().min(1).describe("a review ID (review/<account-id>/<n>, URL-encoded) or an account domain (its latest review)") });

const decisionBody = z.strictObject({
  decision: z.enum(reviewDecisions, { error: `expected one of ${reviewDecisions.join(', ')}` }),
  reason: z.string().trim().min(1, "expected why, for the account's timeline"),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional().describe('change_tier: the new tier'),
  by: z.email().optional().describe('who decides: a sales rep\'s e-mail, for the timeline'),
});

export const reviewRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;
  const tags = ['reviews'];
  const config = { roles: marketingOnly };

  app.get(
    '/reviews',
    { config, schema: { tags, summary: 'Reviews waiting for a person, soonest deadline first (all=true: every review, newest first)', querystring: z.object({ all: z.enum(['true', 'false']).optional() }), response: { 200: z.array(reviewSummary) } } },
    (req) => listReviews(db, { all: req.query.all === 'true' }),
  );

  app.get('/reviews/:review', { config, schema: { tags, summary: 'One review: the recomputed facts, the evidence, and its decision', params, response: { 200: reviewDetail } } }, (req) => findReview(db, req.params.review));

  app.post(
    '/reviews/:review/decision',
    { config, schema: { tags, summary: 'Decide a tier-1 review (continue, accelerate, change_tier with tier, pause, retire)', params, body: decisionBody, response: { 200: reviewDecisionResult } } },
    (req) => {
      const { by, ...request } = req.body;
      return decideReview(db, deps.temporal, req.params.review, request, by);
    },
  );
};
