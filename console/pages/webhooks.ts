// Webhooks and chat alerts for admins: where reach events go (webhook subscriptions, Slack and Teams
// channels) and the deliveries that failed, each with a replay button (the same use-case as
// `harpoon webhooks replay` and POST /v1/webhooks/deliveries/{id}/replay).
import { z } from 'zod';
import { listDeliveries, replayDelivery, type DeliveryView } from '../../reach/deliveries';
import { listTargets, type TargetView } from '../../reach/targets';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html } from '../html';
import { layout, sendPage } from '../layout';

const targetRows = (targets: TargetView[]) =>
  targets.map((t) => html`<tr><td><code>${t.id}</code></td><td>${t.kind}</td><td><code>${t.url}</code></td><td>${t.owner ?? 'everyone'}</td><td>${t.events.join(', ')}</td></tr>`);

const targetTable = (caption: string, targets: TargetView[], none: string) =>
  html`<section class="card"><h2>${caption}</h2>${
    targets.length === 0
      ? html`<p class="muted">${none}</p>`
      : html`<table><thead><tr><th scope="col">Id</th><th scope="col">Kind</th><th scope="col">URL</th><th scope="col">Whose tasks</th><th scope="col">Events</th></tr></thead><tbody>${targetRows(targets)}</tbody></table>`
  }</section>`;

const replayForm = (d: DeliveryView, csrf: string) =>
  html`<form method="post" action="/console/webhooks/deliveries/${d.id}/replay"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit" aria-label="Replay delivery ${d.id}">Replay</button></form>`;

const failedTable = (failed: DeliveryView[], csrf: string) =>
  html`<section class="card"><h2>Failed deliveries</h2>${
    failed.length === 0
      ? html`<p class="muted">None: every delivery arrived or is still being retried.</p>`
      : html`<table><caption class="muted">Newest first. A replay sends the same event again, with the same Harpoon-Event-Id.</caption>
<thead><tr><th scope="col">When (UTC)</th><th scope="col">Event</th><th scope="col">To</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col"></th></tr></thead><tbody>
${failed.map((d) => html`<tr id="delivery-${d.id}"><td>${d.createdAt.slice(0, 19).replace('T', ' ')}</td><td><code>${d.eventType}</code></td><td>${d.target.kind} ${d.target.host}</td><td>${d.attempts}</td><td>${d.lastError ?? ''}</td><td>${replayForm(d, csrf)}</td></tr>`)}
</tbody></table>`
  }</section>`;

export const webhookPages: ConsolePages = (deps) => async (app) => {
  const { db } = deps;
  const config = { consoleRoles: ['admin'] as const };

  app.get('/console/webhooks', { config }, async (req, reply) => {
    const v = viewer(req);
    const [hooks, channels, failed] = await Promise.all([listTargets(db, 'webhooks'), listTargets(db, 'alerts'), listDeliveries(db, { status: 'failed' })]);
    const body = html`<p class="muted">Add and remove them with <code>harpoon webhooks</code> and <code>harpoon alerts</code>, or /v1/webhooks.</p>
${targetTable('Webhook subscriptions', hooks, 'None yet: harpoon webhooks add <url> --events mqa,won')}
${targetTable('Alert channels', channels, 'None yet: harpoon alerts add slack <incoming-webhook-url>')}
${failedTable(failed, v.csrf)}`;
    return sendPage(reply, 200, layout({ title: 'Webhooks and alerts', viewer: v, section: 'webhooks', body }));
  });

  app.post('/console/webhooks/deliveries/:id/replay', { config }, async (req, reply) => {
    await replayDelivery(db, z.object({ id: z.string().min(1) }).parse(req.params).id);
    return reply.redirect('/console/webhooks', 303);
  });
};
