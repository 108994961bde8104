// The sales inbox: a rep's open tasks (an admin's: everyone's), what they can act on first (soonest
// due first, on their own clock), the queued ones apart with when they arrive, each with its next
// action; and one task with its evidence and the rep's actions, sent through the same use-cases and
// Update as `harpoon sales ...` (which also decide that a rep reaches their own tasks only). Laid out
// for a phone as well. Below the handoffs, the rep tasks journeys ask for (console/pages/rep-tasks.ts).
import { z } from 'zod';
import { forForm } from '../../domain/fields/field-ref';
import { actOnTask, findTask, salesInbox, type TaskActionOutcome, type TaskDetail, type TaskSummary } from '../../use-cases/sales-tasks';
import { salesOnly } from '../../domain/access/roles';
import { salesActionInputs, salesActionKinds } from '../../use-cases/sales-action-input';
import { actionsOn, rejectReasons, type SalesAction, type TaskStatus } from '../../domain/sales/vocabulary';
import { formatInZone, shortInZone } from '../../domain/time/zone-time';
import { UseCaseError } from '../../domain/use-case-error';
import { statusOf } from '../../http/errors';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, messagePage, sendPage } from '../layout';
import type { Viewer } from '../session';
import { accountPath } from './account';
import { taskPath } from '../../mail/task-link';
import { repTaskPages, repTaskSection, type InboxPage } from './rep-tasks';
import { openRepTasks } from '../../use-cases/rep-tasks';
import { requiredAmount } from '../../domain/accounts/fields';

/** The answer's due time on the clock of the zone the task's service level runs in, named. */
const due = (t: TaskSummary) =>
  t.dueAt
    ? html`<time data-due datetime="${t.dueAt}" class="${Date.parse(t.dueAt) < Date.now() ? 'overdue' : 'due'}">due ${formatInZone(Date.parse(t.dueAt), t.timeZone)}</time>`
    : html`<span class="muted">no SLA</span>`;

const arrives = (t: TaskSummary) =>
  t.queue?.arrivesFrom
    ? html`<time datetime="${t.queue.arrivesFrom}">arrives from ${formatInZone(Date.parse(t.queue.arrivesFrom), t.timeZone)} at the earliest</time>, place ${t.queue.place} in line`
    : html`arrives once its owner has a daily capacity above 0`;

function taskItem(t: TaskSummary, v: Viewer): Html {
  return html`<li>
  <a href="${taskPath(t.id)}"><b>${t.account.name}</b></a> <span class="badge">${t.status}</span> <span class="badge">tier ${t.account.tier ?? '?'}</span>
  <div>${t.queue ? html`${arrives(t)} · ` : t.status === 'created' ? html`${due(t)} · ` : ''}score ${t.score}${v.rep ? '' : html` · owner ${t.owner ?? 'none'}`}</div>
  <div class="muted">Next: ${t.nextAction}</div>
</li>`;
}

function inboxBody(tasks: TaskSummary[], v: Viewer): Html {
  if (tasks.length === 0) return html`<div id="inbox" data-live><p class="card">No open tasks${v.rep ? ' for you' : ''}: new handoffs appear here the moment an account qualifies.</p></div>`;
  const actionable = tasks.filter((t) => !t.queue);
  const queued = tasks.filter((t) => t.queue);
  return html`<div id="inbox" data-live>${actionable.length > 0 ? html`<ul class="plain card">${actionable.map((t) => taskItem(t, v))}</ul>` : html`<p class="card">Nothing to act on yet.</p>`}
${queued.length > 0 ? html`<section id="queued"><h2>Queued for ${v.rep ? 'your' : 'the owner’s'} daily capacity</h2><ul class="plain card">${queued.map((t) => taskItem(t, v))}</ul></section>` : ''}</div>`;
}

type ActionError = { kind: SalesAction['kind']; message: string };

const field = (kind: string, name: string, label: string, input: Html) => html`<label for="${kind}-${name}">${label}</label>${input}`;

function actionForm(t: TaskDetail, kind: SalesAction['kind'], csrf: string, error: ActionError | undefined): Html {
  const err = error?.kind === kind ? error : undefined;
  const fields: Record<SalesAction['kind'], Html> = {
    accept: html``,
    reject: html`${field(kind, 'reason', 'Reason', html`<select id="reject-reason" name="reason" required><option value="">choose…</option>${rejectReasons.map((r) => html`<option>${r}</option>`)}</select>`)}
${field(kind, 'note', 'Note (optional)', html`<input id="reject-note" name="note" maxlength="2000">`)}`,
    opportunity: html`${field(kind, 'amount', 'Amount', html`<input id="opportunity-amount" name="amount" inputmode="decimal" required>`)}
${field(kind, 'currency', 'Currency', html`<input id="opportunity-currency" name="currency" value="${t.currency ?? 'EUR'}" size="4" required>`)}
${field(kind, 'closeDate', 'Expected close', html`<input id="opportunity-closeDate" name="closeDate" type="date" required>`)}`,
    won: html`${field(kind, 'amount', 'Amount (optional)', html`<input id="won-amount" name="amount" inputmode="decimal" value="${t.amount ?? ''}">`)}
${field(kind, 'currency', 'Currency (optional)', html`<input id="won-currency" name="currency" value="${t.currency ?? ''}" size="4">`)}`,
    lost: html`${field(kind, 'reason', 'Why (optional)', html`<input id="lost-reason" name="reason" maxlength="500">`)}`,
  };
  const labels = { accept: 'Accept', reject: 'Reject', opportunity: 'Log opportunity', won: 'Mark won', lost: 'Mark lost' };
  return html`<form method="post" action="${taskPath(t.id)}/${kind}" aria-label="${labels[kind]}">
<input type="hidden" name="_csrf" value="${csrf}">
${fields[kind]}
${err ? html`<p class="error" role="alert" id="${kind}-error">${err.message}</p>` : ''}
<p><button type="submit"${kind === 'reject' || kind === 'lost' ? html` class="secondary"` : ''}>${labels[kind]}</button></p>
</form>`;
}

function taskBody(t: TaskDetail, v: Viewer, error?: ActionError): Html {
  const e = t.evidence;
  const kinds = actionsOn(t.status as TaskStatus);
  // Forms stay out of the refreshed parts: what a rep is typing is never replaced under them.
  return html`<p id="task-status" data-live><span class="badge">${t.status}</span> ${t.queue ? arrives(t) : t.status === 'created' ? due(t) : ''} · <a href="${accountPath(t.account.id)}">${t.account.name} (${t.account.domain})</a>, tier ${t.account.tier ?? '?'}${v.rep ? '' : html` · owner ${t.owner ?? 'none'}`}</p>
<p class="card"><b>Suggested next action:</b> ${t.nextAction}</p>
${kinds.length > 0 ? html`<section class="actions" aria-label="Actions">${kinds.map((k) => actionForm(t, k, v.csrf, error))}</section>` : html`<p class="card">${t.status === 'queued' ? "This task is queued for its owner's daily capacity: it can be acted on once it is handed over." : `This task is ${t.status}${t.reason ? ` (${t.reason})` : ''}: nothing more to do here.`}</p>`}
<div class="grid2" id="evidence" data-live>
<section class="card"><h2>Why</h2><p>${e.why}</p>
<h2>Engaged contacts</h2>${e.engagedContacts.length === 0 ? html`<p class="muted">None yet.</p>` : html`<table><thead><tr><th scope="col">Contact</th><th scope="col">Role</th><th scope="col">What they did</th></tr></thead><tbody>${e.engagedContacts.map((c) => html`<tr><td>${c.name}</td><td>${c.role}</td><td>${c.did.join(', ')}</td></tr>`)}</tbody></table>`}
<h2>Buying-group gaps</h2><p>${e.gaps.length === 0 ? 'None: every key role has engaged.' : e.gaps.join(', ')}</p></section>
<section class="card"><h2>Engagement score: ${e.score}</h2><table><thead><tr><th scope="col">From</th><th scope="col" class="num">Points</th></tr></thead><tbody>${Object.entries(e.scoreBreakdown).map(([k, n]) => html`<tr><td>${k}</td><td class="num">${n}</td></tr>`)}</tbody></table>
<h2>Recent timeline <span class="muted">(${t.timeZone})</span></h2><ul class="plain">${e.recent.map((r) => html`<li><span class="muted">${shortInZone(Date.parse(r.at), t.timeZone)}</span> ${r.what}</li>`)}</ul></section>
</div>`;
}

const doneWords: Record<SalesAction['kind'], string> = { accept: 'Accepted', reject: 'Rejected', opportunity: 'Opportunity logged', won: 'Marked won', lost: 'Marked lost' };

/** The form's strings as the action's input: empty fields left out, numbers and codes as the schema takes them. */
/** The form as the action's input, or what is wrong with it; an amount is read as the CLI and the imports read one (`85 000`, not `12,5`). */
function actionInput(kind: SalesAction['kind'], form: Record<string, string>): { data: object } | { problems: string } {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (k === '_csrf' || v.trim() === '') continue;
    if (k === 'amount') {
      const amount = requiredAmount.safeParse(v);
      if (!amount.success) return { problems: `amount: ${amount.error.issues[0]!.message}` };
      raw[k] = amount.data;
    } else raw[k] = k === 'currency' ? v.trim().toUpperCase() : v.trim();
  }
  const input = salesActionInputs[kind].safeParse(raw);
  return input.success ? { data: input.data } : { problems: input.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ') };
}

export const inboxPages: ConsolePages = (deps) => async (app) => {
  const { db } = deps;
  const inboxPage: InboxPage = async (v, repTaskError) => {
    const [tasks, repTasks] = await Promise.all([salesInbox(db, v), openRepTasks(db, v)]);
    return layout({ title: v.rep ? 'Your open tasks' : 'Open sales tasks', viewer: v, section: 'inbox', body: html`${inboxBody(tasks, v)}${repTaskSection(repTasks, v, repTaskError)}` });
  };
  app.get('/console/inbox', { config: { consoleRoles: salesOnly } }, async (req, reply) => sendPage(reply, 200, await inboxPage(viewer(req))));
  await app.register(repTaskPages(inboxPage)(deps));

  const params = z.object({ task: z.string().min(1), action: z.enum(salesActionKinds).optional() });

  app.get('/console/tasks/:task', { config: { consoleRoles: salesOnly } }, async (req, reply) => {
    const v = viewer(req);
    const task = await findTask(db, v, params.parse(req.params).task);
    return sendPage(reply, 200, layout({ title: task.account.name, viewer: v, section: 'inbox', body: taskBody(task, v) }));
  });

  app.post('/console/tasks/:task/:action', { config: { consoleRoles: salesOnly } }, async (req, reply) => {
    const v = viewer(req);
    const p = params.safeParse(req.params);
    if (!p.success || !p.data.action) return sendPage(reply, 404, messagePage(v, 'No such action', 'Use the buttons on the task page.'));
    const kind = p.data.action;
    const task = await findTask(db, v, p.data.task);
    const again = (status: number, message: string) =>
      sendPage(reply, status, layout({ title: task.account.name, viewer: v, section: 'inbox', body: taskBody(task, v, { kind, message }) }));
    const input = actionInput(kind, (req.body ?? {}) as Record<string, string>);
    if ('problems' in input) return again(400, input.problems);
    let outcome: TaskActionOutcome;
    try {
      outcome = await actOnTask(db, deps.temporal, v, task.id, { kind, ...input.data } as SalesAction);
    } catch (err) {
      // Refused by the task's workflow: said beside the form, which keeps what the rep typed.
      if (err instanceof UseCaseError) return again(statusOf[err.kind], forForm(err.message));
      throw err;
    }
    if (!outcome.note) return reply.redirect(taskPath(task.id), 303);
    // What the change itself does not say (no journey takes a rejected account back) is shown once, here.
    const done = await findTask(db, v, task.id);
    const notice = html`<p class="ok" role="status">${doneWords[kind]}. Note: ${outcome.note}.</p>`;
    return sendPage(reply, 200, layout({ title: done.account.name, viewer: v, section: 'inbox', body: html`${notice}${taskBody(done, v)}` }));
  });
};
