// /v1/webhooks: webhook subscriptions and the deliveries of reach events (to webhooks and chat
// channels), as `harpoon webhooks ...` has them; admin keys only, as a subscription's secret signs
// what Harpoon says about every account.
import { z } from 'zod';
import { deliveryStatuses, listDeliveries, replayDelivery } from '../../reach/deliveries';
import { reachEventTypes } from '../../reach/reach-event';
import { addWebhook, listTargets, removeTarget } from '../../reach/targets';
import type { ApiRoutes } from '../deps';
import { errorBody } from '../../http/errors';
import { createdWebhook, reachDelivery, webhookSubscription } from '../responses/webhooks';

/** zod's own words ("expected array, received string") name its types, not what a subscription holds. */
const saying = (expected: string) => (issue: { input?: unknown }) => `${issue.input === undefined ? 'missing, ' : ''}expected ${expected}`;

const subscription = z.strictObject({
  url: z
    .string({ error: saying('the URL to POST each event to, as text: an absolute https:// URL such as "https://crm.example.com/hooks/harpoon"') })
    .describe('where to POST each event: an absolute https:// URL'),
  events: z
    .array(z.string({ error: 'expected an event name such as "mqa"' }), { error: saying(`a list of event names such as ["mqa"]: some of ${reachEventTypes.join(', ')}`) })
    .describe(`some of ${reachEventTypes.join(', ')}`),
});

export const webhookRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;
  const tags = ['webhooks'];
  const config = { roles: ['admin'] as const };
  const id = z.object({ id: z.string().min(1) });

  app.get('/webhooks', { config, schema: { tags, summary: 'Webhook subscriptions (never their secrets)', response: { 200: z.array(webhookSubscription) } } }, () => listTargets(db, 'webhooks'));

  app.post(
    '/webhooks',
    { config, schema: { tags, summary: 'Subscribe a URL to reach events (201); the answer holds the signing secret, shown this once', body: subscription, response: { 201: createdWebhook, 400: errorBody } } },
    async (req, reply) => reply.code(201).send(await addWebhook(db, req.body)),
  );

  app.delete('/webhooks/:id', { config, schema: { tags, summary: 'Remove a subscription: no new deliveries, no further attempts', params: id, response: { 200: webhookSubscription } } }, (req) =>
    removeTarget(db, 'webhooks', req.params.id),
  );

  app.get(
    '/webhooks/deliveries',
    {
      config,
      schema: {
        tags,
        summary: 'Deliveries to webhooks and chat channels, newest first (status=failed: those to replay)',
        querystring: z.object({
          status: z.enum(deliveryStatuses).optional(),
          limit: z.coerce.number({ error: 'expected how many deliveries to list: a whole number from 1 to 1000' }).int().min(1).max(1000).default(100),
          before: z.string().trim().min(1).max(100).optional().describe('the id of the last delivery of the page before: the deliveries after it'),
        }),
        response: { 200: z.array(reachDelivery) },
      },
    },
    (req) => listDeliveries(db, req.query),
  );

  app.post(
    '/webhooks/deliveries/:id/replay',
    { config, schema: { tags, summary: 'Deliver a failed delivery again, with the same Harpoon-Event-Id (409 unless it failed)', params: id, response: { 200: reachDelivery } } },
    (req) => replayDelivery(db, req.params.id),
  );
};
