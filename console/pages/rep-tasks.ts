// Rep tasks in the sales inbox: the open ones (a rep's own; an admin's every rep's and the sales
// queue's), soonest due first on the owner's clock, each with a done form (an optional note) and a
// skip form (a reason), through the same use-cases as `harpoon sales rep-task` and the API.
import { z } from 'zod';
import { forForm } from '../../domain/fields/field-ref';
import { closeRepTask, type RepTaskSummary } from '../../use-cases/rep-tasks';
import { salesOnly } from '../../domain/access/roles';
import { repTaskChannelLabels } from '../../domain/sales/rep-task';
import { formatInZone } from '../../domain/time/zone-time';
import { UseCaseError } from '../../domain/use-case-error';
import { statusOf } from '../../http/errors';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { sendPage } from '../layout';
import type { Viewer } from '../session';
import { accountPath } from './account';

export const repTaskPath = (id: string) => `/console/rep-tasks/${encodeURIComponent(id)}`;

/** A refusal beside the form of the task it is about. */
export type RepTaskError = { id: string; message: string };

function taskItem(t: RepTaskSummary, v: Viewer, csrf: string, error: RepTaskError | undefined): Html {
  const overdue = Date.parse(t.dueAt) < Date.now();
  const formId = (outcome: string) => `rep-task-${t.id}-${outcome}`;
  return html`<li data-rep-task="${t.id}">
  <span class="badge">${repTaskChannelLabels[t.channel]}</span> <b>${t.title}</b>
  <div><a href="${accountPath(t.account.id)}">${t.account.name}</a>${t.contact ? html` · ${t.contact.name} (${t.contact.role})` : ''} · <time datetime="${t.dueAt}" class="${overdue ? 'overdue' : 'due'}">due ${formatInZone(Date.parse(t.dueAt), t.timeZone)}</time>${v.rep ? '' : html` · owner ${t.owner ?? 'sales queue'}`}${t.waits ? html` · <span class="muted">the journey waits for it</span>` : ''}</div>
  ${t.instructions ? html`<div class="muted">${t.instructions}</div>` : ''}
  <form method="post" action="${repTaskPath(t.id)}/done" aria-label="Done: ${t.title}">
    <input type="hidden" name="_csrf" value="${csrf}">
    <label for="${formId('note')}">Note (optional)</label><input id="${formId('note')}" name="note" maxlength="2000">
    <button type="submit">Done</button>
  </form>
  <form method="post" action="${repTaskPath(t.id)}/skip" aria-label="Skip: ${t.title}">
    <input type="hidden" name="_csrf" value="${csrf}">
    <label for="${formId('reason')}">Reason</label><input id="${formId('reason')}" name="reason" maxlength="2000" required>
    <button type="submit" class="secondary">Skip</button>
  </form>
  ${error?.id === t.id ? html`<p class="error" role="alert">${error.message}</p>` : ''}
</li>`;
}

/** The inbox's rep task section. */
export function repTaskSection(tasks: RepTaskSummary[], v: Viewer, error?: RepTaskError): Html {
  // A task closed meanwhile is no longer listed: its refusal stands above the list.
  const unlisted = error && !tasks.some((t) => t.id === error.id) ? error : undefined;
  return html`<section id="rep-tasks"><h2>Rep tasks</h2>${unlisted ? html`<p class="error" role="alert">${unlisted.message}</p>` : ''}${
    tasks.length === 0
      ? html`<p class="card">No open rep tasks${v.rep ? ' for you' : ''}: calls, LinkedIn touches and direct mail that journeys ask for appear here.</p>`
      : html`<ul class="plain card">${tasks.map((t) => taskItem(t, v, v.csrf, error))}</ul>`
  }</section>`;
}

export type InboxPage = (v: Viewer, repTaskError?: RepTaskError) => Promise<Html>;

/** `inboxPage` renders the whole inbox again, with a refusal beside the task's forms. */
export const repTaskPages = (inboxPage: InboxPage): ConsolePages => (deps) => async (app) => {
  const params = z.object({ id: z.string().min(1), outcome: z.enum(['done', 'skip']) });
  app.post('/console/rep-tasks/:id/:outcome', { config: { consoleRoles: salesOnly } }, async (req, reply) => {
    const v = viewer(req);
    const p = params.safeParse(req.params);
    if (!p.success) return reply.redirect('/console/inbox', 303);
    const form = (req.body ?? {}) as Record<string, string>;
    try {
      await closeRepTask(deps.db, v, p.data.id, p.data.outcome === 'done' ? { outcome: 'done', note: form.note } : { outcome: 'skipped', note: form.reason });
    } catch (err) {
      if (err instanceof UseCaseError) return sendPage(reply, statusOf[err.kind], await inboxPage(v, { id: p.data.id, message: forForm(err.message) }));
      throw err;
    }
    return reply.redirect('/console/inbox#rep-tasks', 303);
  });
};
