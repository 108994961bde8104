// What /v1/webhooks answers (reach/targets.ts, reach/deliveries.ts), declared so the document types it.
import { z } from 'zod';
import { deliveryStatuses } from '../../reach/deliveries';

export const webhookSubscription = z
  .object({
    id: z.string(),
    kind: z.string().describe('webhook'),
    url: z.string(),
    events: z.array(z.string()),
    owner: z.string().nullable().describe("alert channels only: the rep whose tasks it hears; null for webhooks"),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookSubscription' });

export const createdWebhook = webhookSubscription
  .extend({ secret: z.string().describe('the HMAC-SHA256 key of Harpoon-Signature: shown this once, store it now') })
  .meta({ id: 'CreatedWebhook' });

export const reachDelivery = z
  .object({
    id: z.string(),
    eventId: z.string().describe('sent as Harpoon-Event-Id: the same on every retry and replay'),
    eventType: z.string(),
    target: z.object({ id: z.string(), kind: z.string(), host: z.string() }),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().describe('the HTTP status of the last attempt; null when there was no answer'),
    lastError: z.string().nullable(),
    replays: z.number().int(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'ReachDelivery' });
