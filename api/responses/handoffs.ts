// What the /v1/reviews and /v1/tasks routes answer (use-cases/reviews.ts, use-cases/sales-tasks.ts),
// declared so the document types every success response.
import { z } from 'zod';
import { reviewDecisions } from '../../domain/reviews/vocabulary';
import { taskStatuses } from '../../domain/sales/vocabulary';

export const handoffEvidence = z
  .object({
    why: z.string(),
    score: z.number(),
    scoreBreakdown: z.record(z.string(), z.number()),
    engagedContacts: z.array(z.object({ contactId: z.string(), name: z.string(), role: z.string(), did: z.array(z.string()) })),
    recent: z.array(z.object({ at: z.string(), what: z.string() })),
    gaps: z.array(z.string()),
    nextAction: z.string(),
  })
  .meta({ id: 'HandoffEvidence' });

export const reviewSummary = z
  .object({
    id: z.string(),
    account: z.object({ id: z.string(), domain: z.string(), name: z.string() }),
    tier: z.number().int().nullable(),
    mode: z.string(),
    status: z.string(),
    createdAt: z.string(),
    deadlineAt: z.string().nullable(),
    decision: z.string().nullable(),
    toTier: z.number().int().nullable(),
    decidedBy: z.string().nullable(),
    rule: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'ReviewSummary' });

export const reviewDetail = reviewSummary.extend({ facts: z.record(z.string(), z.unknown()), evidence: handoffEvidence, journeyWorkflowId: z.string() }).meta({ id: 'Review' });

export const reviewDecisionResult = z.object({ reviewId: z.string(), decision: z.enum(reviewDecisions), effect: z.string() });

export const taskSummary = z
  .object({
    id: z.string(),
    account: z.object({ id: z.string(), domain: z.string(), name: z.string(), tier: z.number().int().nullable() }),
    owner: z.string().nullable(),
    status: z.string(),
    trigger: z.string(),
    createdAt: z.string(),
    dueAt: z.string().nullable(),
    timeZone: z.string(),
    queue: z.object({ place: z.number().int(), arrivesFrom: z.string().nullable() }).nullable(),
    score: z.number(),
    nextAction: z.string(),
  })
  .meta({ id: 'TaskSummary' });

export const taskDetail = taskSummary
  .extend({
    evidence: handoffEvidence,
    reason: z.string().nullable(),
    note: z.string().nullable(),
    amount: z.number().nullable(),
    currency: z.string().nullable(),
    closeDate: z.string().nullable(),
  })
  .meta({ id: 'Task' });

export const taskActionResult = z.object({
  taskId: z.string(),
  from: z.enum(taskStatuses),
  to: z.enum(taskStatuses),
  note: z.string().optional().describe('what the rep should know beyond the change: a rejected or lost account that no running journey takes back'),
});
