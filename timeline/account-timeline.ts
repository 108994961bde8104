// One account's full history, as marketing and sales read it: every send, skip (with the reason),
// response and journey decision, oldest first.
import type { Db } from '../db/client';
import { personIn, sayMentions, type People } from '../domain/timeline/mentions';
import { peopleOf } from './people';
import { formatInZone, shortInZone } from '../domain/time/zone-time';

export type TimelineRow = {
  at: string;
  type: string;
  contact: string | null;
  /** The contact as a reader names them (name, else address). */
  person: string | null;
  journey: string | null;
  summary: string;
  detail: Record<string, unknown>;
};

type Detail = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** A rep task's due time as its owner reads it: their local clock, named. */
function localDue(dueAt: unknown, timeZone: unknown): string {
  const zone = str(timeZone) || 'UTC';
  const ms = Date.parse(str(dueAt));
  if (Number.isNaN(ms)) return `${str(dueAt)} (${zone})`;
  return `${shortInZone(ms, zone)} (${zone})`;
}

/**
 * An instant recorded in a touch's detail, in words on the clock of `timeZone` with the zone named
 * (UTC when none was recorded): timelines are read in zones other than the one it was judged in.
 * A quiet-hours hold names its end on the contact's clock; the relay's waits name UTC.
 */
function instantIn(iso: unknown, timeZone: unknown): string {
  const ms = Date.parse(str(iso));
  if (Number.isNaN(ms)) return str(iso);
  return formatInZone(ms, typeof timeZone === 'string' && timeZone !== '' ? timeZone : 'UTC');
}

/** Says in words what a touch was; the raw detail stays available for scripts. */
export function describeTouch(type: string, d: Detail): string {
  // An erased contact's rep task keeps only what the counts need (domain/privacy/erasure.ts).
  if (type.startsWith('rep_task_') && d.erased === true) return `rep task ${type.slice('rep_task_'.length)} (its details were erased with the contact's personal data)`;
  switch (type) {
    case 'email_sent': {
      const waited = d.waitedForRelaySince ? `, after waiting for the mail relay since ${instantIn(d.waitedForRelaySince, 'UTC')}` : '';
      const variant = d.variant ? ` as A/B variant ${str(d.variant)}` : '';
      return `sent "${str(d.template)}" (${str(d.stage)})${variant}: the mail relay accepted it${waited}`;
    }
    case 'email_waiting':
      return `"${str(d.template)}" waiting for the mail relay since ${instantIn(d.since, 'UTC')} (${str(d.error)}); it goes out when the relay is back`;
    case 'email_unconfirmed':
      return `"${str(d.template)}" unconfirmed: ${str(d.why)}`;
    case 'email_not_planned':
      return `did not plan "${str(d.template)}": ${str(d.why)} [${str(d.reason)}]`;
    case 'email_not_sent':
      return `did not send "${str(d.template)}": ${str(d.reason) === 'held_then_interrupted' ? 'it was held for quiet hours, then ' : 'the step was '}interrupted (${str(d.why)})`;
    case 'email_failed':
      return `did not send "${str(d.template)}": failed [${str(d.reason)}] ${str(d.error)}`.trim();
    case 'email_skipped':
      return `did not send "${str(d.template)}": ${str(d.why) || str(d.reason)} [${str(d.reason)}]`;
    case 'email_deferred':
      return `held "${str(d.template)}" for ${str(d.reason).replace('_', ' ')} until ${instantIn(d.until, d.timeZone)}`;
    case 'rep_task_created':
      return `rep task for ${str(d.owner) || 'the sales queue (the account has no owner)'}: ${str(d.channel)} "${str(d.title)}", due ${localDue(d.dueAt, d.timeZone)}`;
    case 'rep_task_skipped':
      return d.by ? `rep task ${str(d.channel)} "${str(d.title)}" skipped by ${str(d.by)}: ${str(d.note)}` : `no rep task ${str(d.channel)} "${str(d.title)}": ${str(d.why)} [${str(d.reason)}]`;
    case 'rep_task_done':
      return `rep task ${str(d.channel)} "${str(d.title)}" done by ${str(d.by)}${d.note ? `: ${str(d.note)}` : ''}`;
    case 'rep_task_expired':
      return `rep task ${str(d.channel)} "${str(d.title)}" expired: ${str(d.why)}`;
    case 'crm_conflict':
      return `${str(d.crm)} deal ${str(d.deal)}: ${str(d.why)}`;
    case 'rep_task_cancelled':
      return `rep task ${str(d.channel)} "${str(d.title)}" cancelled: ${str(d.why)}`;
    case 'bounced':
      // From the send path (the relay refused it) or reported later as an engagement event.
      return d.template === undefined
        ? `an email bounced (reported by ${str(d.source) || 'the relay'}): the address is suppressed everywhere`
        : `"${str(d.template)}" bounced (${str(d.code)}): the address is suppressed everywhere`;
    case 'stage_changed':
      return `moved from ${str(d.from)} to ${str(d.to)} (${str(d.why)})`;
    case 'journey_started':
      return `journey started (version ${str(d.version)}, stage ${str(d.stage)})`;
    case 'journey_completed':
    case 'journey_stopped':
      return `journey ${type.slice('journey_'.length)}: ${str(d.reason)}`;
    case 'event_invited':
      return `invited to ${str(d.eventKey)}`;
    case 'event_registered':
      return d.promotedFromWaitlist ? `registered for ${str(d.eventKey)}: took a seat freed on the waitlist` : `registered for ${str(d.eventKey)}`;
    case 'event_waitlisted':
      return `on the waitlist for ${str(d.eventKey)}: the event is full`;
    case 'event_declined':
      return `declined ${str(d.eventKey)}${d.before === 'registered' ? ', freeing a seat' : ''}`;
    case 'event_attended':
      return `attended ${str(d.eventKey)} (attendance import)`;
    case 'event_no_show':
      return `registered for ${str(d.eventKey)} but did not attend (attendance import)`;
    default: {
      // Touches that carry their own words (sales handoff, lifecycle, reviews) show them; engagement
      // touches never carry a text.
      if (typeof d.text === 'string' || type.startsWith('sales_') || type.startsWith('lifecycle_')) return str(d.text);
      const tag = d.tag ? ` (${str(d.tag)})` : '';
      const url = d.url ? ` ${str(d.url)}` : '';
      // Scanners, previews and proxies: on the timeline, but not taken for a person's interest.
      const machine = d.machine ? ` [machine: ${str(d.machineReason)}${d.counted === false ? '; not counted' : '; counted anyway'}]` : '';
      return `${type}${tag}${url} via ${str(d.source) || 'unknown source'}${machine}`;
    }
  }
}

/**
 * One timeline entry in words, with who it was about when a person: what the CLI, the console, the
 * API and the sales evidence (task page and handoff email) all say. IDs in the text become people.
 */
export function describeEntry(touch: { type: string; detail: unknown; contactId: string | null }, people: People): string {
  const what = sayMentions(describeTouch(touch.type, (touch.detail ?? {}) as Detail), people);
  return touch.contactId ? `${personIn(people, touch.contactId)}: ${what}` : what;
}

export async function accountTimeline(db: Db, accountId: string, limit?: number): Promise<TimelineRow[]> {
  const [touches, people] = await Promise.all([
    db.touch.findMany({
      where: { accountId },
      include: { contact: { select: { email: true } } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      ...(limit ? { take: limit } : {}),
    }),
    peopleOf(db, accountId),
  ]);
  return touches.map((t) => {
    const detail = (t.detail ?? {}) as Detail;
    return {
      at: t.at.toISOString(),
      type: t.type,
      contact: t.contact?.email ?? null,
      person: t.contactId ? personIn(people, t.contactId) : null,
      journey: t.journeyKey,
      summary: sayMentions(describeTouch(t.type, detail), people),
      detail,
    };
  });
}
