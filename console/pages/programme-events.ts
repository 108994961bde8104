// Events: each webinar, roundtable or summit with its registrations against capacity, the waitlist
// in the order freed seats go to it, attendance (attended / no-show) and every invitee's answer,
// grouped by account with the account's one outcome (as an invite step sees it). The same read
// model as `harpoon programme-events show` and GET /v1/programme-events/{key}; it refreshes while open.
import { marketingOnly } from '../../domain/access/roles';
import { inviteOutcomeOf } from '../../domain/programme-events/invite-outcome';
import type { RegistrationStatus } from '../../domain/programme-events/vocabulary';
import { listEvents, withRegistrations, type EventWithRegistrations } from '../../programme-events/event-list';
import type { ConsolePages } from '../deps';
import { viewer } from '../deps';
import { html, type Html } from '../html';
import { layout, sendPage } from '../layout';
import { accountPath } from './account';

const answerLabels: Record<RegistrationStatus, string> = {
  invited: 'no answer yet',
  registered: 'registered',
  waitlisted: 'waitlisted',
  declined: 'declined',
  attended: 'attended',
  no_show: 'no-show',
};
const answerBadge: Partial<Record<RegistrationStatus, string>> = { registered: 'yes', attended: 'yes', declined: 'no', no_show: 'no' };

const seatsText = (e: EventWithRegistrations) => (e.capacity === null ? `${e.seatsTaken} registered (no seat limit)` : `${e.seatsTaken} of ${e.capacity} seats taken`);

/** Attendees of the export who are not contacts: kept apart, outside the rate (it is about invitees). */
const walkIns = (e: EventWithRegistrations) => (e.unmatchedAttendance.attended > 0 ? `; ${e.unmatchedAttendance.attended} attended who are not contacts` : '');

/** Attended / (attended + no-show), as the report's attendance rate; none before the import. */
const attendance = (e: EventWithRegistrations) => {
  const reported = e.answers.attended + e.answers.no_show;
  return reported === 0 ? 'no attendance imported yet' : `${e.answers.attended} attended, ${e.answers.no_show} no-show (${Math.round((e.answers.attended / reported) * 100)} %)`;
};

const personOf = (r: { name: string | null; contact: string }) => r.name ?? r.contact;

function overview(events: EventWithRegistrations[]): Html {
  return html`<section class="card" id="events-overview" data-live><h2>At a glance</h2>
<table><caption class="muted">Events soonest first; times in each event's own time zone</caption>
<thead><tr><th scope="col">Event</th><th scope="col">When</th><th scope="col">Seats</th><th scope="col" class="num">Waitlist</th><th scope="col">Attendance</th></tr></thead><tbody>
${events.map((e) => html`<tr><th scope="row"><a href="#event-${e.key}">${e.title}</a></th><td>${e.start} ${e.timezone}</td><td>${seatsText(e)}</td><td class="num">${e.waitlist.length}</td><td>${attendance(e)}</td></tr>`)}
</tbody></table></section>`;
}

function eventCard(e: EventWithRegistrations): Html {
  const position = new Map(e.waitlist.map((w) => [w.contactId, w.position]));
  const byAccount = new Map<string, EventWithRegistrations['registrations']>();
  for (const r of e.registrations) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r]);
  const accounts = [...byAccount.values()].sort((a, b) => a[0]!.accountName.localeCompare(b[0]!.accountName));
  return html`<section class="card" id="event-${e.key}" data-live aria-labelledby="title-${e.key}">
<h2 id="title-${e.key}">${e.title}</h2>
<p class="muted">${e.kind.replace('_', ' ')} · ${e.start} – ${e.end.slice(11)} ${e.timezone}${e.where ? ` · ${e.where}` : ''} · key ${e.key}</p>
<p>${e.capacity === null ? '' : html`<progress max="${e.capacity}" value="${e.seatsTaken}" aria-label="seats taken">${e.seatsTaken}</progress> `}${seatsText(e)};
${e.answers.declined} declined, ${e.answers.invited} not answered; ${attendance(e)}${walkIns(e)}.</p>
<h3>Waitlist</h3>
${e.waitlist.length === 0
  ? html`<p class="muted">Nobody is waiting for a seat.</p>`
  : html`<ol aria-label="Waitlist of ${e.title}, next seat first">${e.waitlist.map((w) => html`<li>${personOf(w)} (<a href="${accountPath(w.accountId)}">${w.account}</a>)</li>`)}</ol>`}
<h3>Answers by account</h3>
${accounts.length === 0
  ? html`<p class="muted">Nobody has been invited yet: a journey's invite step sends the invitations.</p>`
  : html`<table><caption class="muted">Each invitee's answer, and what it means for the account</caption>
<thead><tr><th scope="col">Account</th><th scope="col">Account's outcome</th><th scope="col">Invitees and their answers</th></tr></thead><tbody>
${accounts.map((regs) => {
  const first = regs[0]!;
  return html`<tr><th scope="row"><a href="${accountPath(first.accountId)}">${first.accountName}</a></th>
<td>${inviteOutcomeOf(regs.map((r) => r.status)).replace('_', ' ')}</td>
<td><ul class="plain">${regs.map((r) => html`<li>${personOf(r)} <span class="muted">(${r.role ?? 'no role'})</span>: <span class="badge${answerBadge[r.status] ? ` ${answerBadge[r.status]}` : ''}">${answerLabels[r.status]}${r.status === 'waitlisted' ? ` #${position.get(r.contactId)}` : ''}</span></li>`)}</ul></td></tr>`;
})}
</tbody></table>`}
</section>`;
}

export const eventPages: ConsolePages = (deps) => async (app) => {
  // The page's earlier address, for bookmarks: programme events are named apart from engagement events.
  app.get('/console/events', { config: { consoleRoles: marketingOnly } }, (_req, reply) => reply.redirect('/console/programme-events', 301));
  app.get('/console/programme-events', { config: { consoleRoles: marketingOnly } }, async (req, reply) => {
    const events = await Promise.all((await listEvents(deps.db)).map((e) => withRegistrations(deps.db, e)));
    const body =
      events.length === 0
        ? html`<p class="message" id="events-overview" data-live>No events yet: create one with <code>harpoon programme-events create &lt;file&gt;</code> or <code>PUT /v1/programme-events/{key}</code>.</p>`
        : html`${overview(events)}${events.map(eventCard)}`;
    return sendPage(reply, 200, layout({ title: 'Programme events', viewer: viewer(req), section: 'programme-events', body }));
  });
};
