// What the /v1/rep-tasks routes answer (use-cases/rep-tasks.ts), declared so the document types
// every success response and no field is stripped.
import { z } from 'zod';
import { repTaskChannels, repTaskStatuses } from '../../domain/sales/rep-task';

export const repTaskSummary = z
  .object({
    id: z.string(),
    account: z.object({ id: z.string(), domain: z.string(), name: z.string() }),
    contact: z.object({ id: z.string(), name: z.string(), role: z.string() }).nullable(),
    owner: z.string().nullable().describe("the owner's e-mail; null: the sales queue (the account has no owner)"),
    channel: z.enum(repTaskChannels),
    title: z.string(),
    instructions: z.string().nullable(),
    status: z.enum(repTaskStatuses),
    dueAt: z.string(),
    timeZone: z.string().describe("the owner's zone (else the account's): the due time is on its clock"),
    journeyKey: z.string(),
    waits: z.boolean().describe('whether the journey waits for the task to be closed'),
    note: z.string().nullable(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'RepTask' });
