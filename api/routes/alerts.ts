// /v1/alerts: the Slack and Teams channels that hear rep alerts (a new handoff, an SLA reminder,
// an escalation), as `harpoon alerts ...` has them; admin keys only, as a channel's incoming-webhook
// URL is its credential (answered shortened, like the CLI lists it).
import { z } from 'zod';
import { errorBody } from '../../http/errors';
import { addAlertChannel, chatKinds, listTargets, removeTarget } from '../../reach/targets';
import type { ApiRoutes } from '../deps';
import { webhookSubscription } from '../responses/webhooks';

const channel = z.strictObject({
  kind: z.string().describe(`${chatKinds.join(' or ')}`),
  url: z.string().describe("the channel's incoming-webhook URL"),
  owner: z.string().optional().describe("a sales rep's e-mail: only that rep's tasks; without it, everyone's"),
});

export const alertRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;
  const tags = ['alerts'];
  const config = { roles: ['admin'] as const };

  app.get('/alerts', { config, schema: { tags, summary: 'Alert channels (URLs shortened: they are credentials)', response: { 200: z.array(webhookSubscription) } } }, () => listTargets(db, 'alerts'));

  app.post(
    '/alerts',
    { config, schema: { tags, summary: 'Post rep alerts to a Slack or Teams incoming webhook (201)', body: channel, response: { 201: webhookSubscription, 400: errorBody } } },
    async (req, reply) => reply.code(201).send(await addAlertChannel(db, req.body)),
  );

  app.delete('/alerts/:id', { config, schema: { tags, summary: 'Remove an alert channel', params: z.object({ id: z.string().min(1) }), response: { 200: webhookSubscription } } }, (req) =>
    removeTarget(db, 'alerts', req.params.id),
  );
};
