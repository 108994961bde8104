// The contact policy every email obeys, decided by one pure function so the send activity, the
// workflow and the tests agree: consent, per-contact and per-account caps, and quiet hours in the
// contact's time zone. Caps skip the email (recorded on the timeline); quiet hours only defer it.
// Rep tasks are touches too: they count in the same caps (decideTouch).
import { z } from 'zod';
import type { ConsentState } from '../accounts/vocabulary';
import { addDays, instantOf, localDateTime, parseClockTime, type ClockTime } from '../time/local-time';
import { clockTimeSchema } from '../time/time-schemas';
import { plural } from '../words/plural';

const count = z.number().int().min(1);
const days = z.number().int().min(1).max(365);

const perContactSchema = z.strictObject({
  max: count,
  windowDays: days,
  /** "Never two within a day"; 0 turns the gap off. */
  minGapHours: z.number().min(0).max(24 * 30),
});
const perAccountSchema = z.strictObject({ max: count, windowDays: days });
/** Local times; start after end means overnight. start equal to end means no quiet hours. */
const quietHoursSchema = z.strictObject({ start: clockTimeSchema, end: clockTimeSchema, weekends: z.boolean() });
export type QuietHours = z.infer<typeof quietHoursSchema>;

export type ContactPolicy = {
  perContact: z.infer<typeof perContactSchema>;
  perAccount: z.infer<typeof perAccountSchema>;
  quietHours: QuietHours;
};

export const defaultContactPolicy: ContactPolicy = {
  perContact: { max: 2, windowDays: 7, minGapHours: 24 },
  perAccount: { max: 6, windowDays: 7 },
  quietHours: { start: '20:00', end: '08:00', weekends: true },
};

/** What a journey or the configuration may change: any field, the rest keeps its value. */
export const contactPolicyOverrideSchema = z.strictObject({
  perContact: perContactSchema.partial().optional(),
  perAccount: perAccountSchema.partial().optional(),
  quietHours: quietHoursSchema.partial().optional(),
});
export type ContactPolicyOverride = z.infer<typeof contactPolicyOverrideSchema>;

export function resolvePolicy(base: ContactPolicy, override: ContactPolicyOverride = {}): ContactPolicy {
  return {
    perContact: { ...base.perContact, ...override.perContact },
    perAccount: { ...base.perAccount, ...override.perAccount },
    quietHours: { ...base.quietHours, ...override.quietHours },
  };
}

/** The configured policy: the defaults with whatever the configuration sets. */
export const contactPolicySchema = contactPolicyOverrideSchema
  .prefault({})
  .transform((override): ContactPolicy => resolvePolicy(defaultContactPolicy, override));

export type PolicyInput = {
  consent: ConsentState;
  /** When this contact was sent email before (any journey). */
  contactSendsMs: number[];
  /** When any contact of the account was sent email before. */
  accountSendsMs: number[];
  nowMs: number;
  /** The contact's IANA time zone (the account's when the contact has none). */
  timeZone: string;
};

export type PolicyDecision =
  | { decision: 'send' }
  | { decision: 'skip'; reason: string; detail: string }
  | { decision: 'defer'; untilMs: number; reason: 'quiet_hours' };

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Why a contact may not be touched, by their consent. */
export const consentDetail: Record<Exclude<ConsentState, 'subscribed'>, string> = {
  unsubscribed: 'the contact unsubscribed',
  bounced: "the contact's address hard-bounced",
  do_not_contact: 'the contact is marked do-not-contact',
};

const minuteMs = 60_000;

/**
 * Sends inside the window, compared to the minute: an email released at 08:00 one Monday and one
 * released at 08:00 the next are a week apart, whichever of the two a timer happened to fire a few
 * milliseconds later. Without it, a cap would hinge on that jitter, and no forecast could say which.
 */
function sendsWithin(sendsMs: number[], nowMs: number, windowMs: number): number {
  const from = Math.floor((nowMs - windowMs) / minuteMs);
  return sendsMs.filter((at) => Math.floor(at / minuteMs) > from).length;
}

/**
 * Decides one email. Consent comes first (never wait for someone who said no); quiet hours come
 * before the caps, so an email deferred overnight is judged against the caps as they stand when it
 * would actually go out, not as they stood at 23:00.
 */
export function decideSend(input: PolicyInput, policy: ContactPolicy): PolicyDecision {
  const refused = consentRefusal(input.consent);
  if (refused) return refused;

  const windowOpens = nextSendWindowMs(input.nowMs, input.timeZone, policy.quietHours);
  if (windowOpens > input.nowMs) return { decision: 'defer', untilMs: windowOpens, reason: 'quiet_hours' };

  return capRefusal(input, policy, 'email') ?? { decision: 'send' };
}

/**
 * Decides a rep task (a call, a LinkedIn touch, direct mail) as a touch: consent, then the same
 * caps as email, counting emails and earlier rep tasks alike. `consent` null: a task about the
 * account as a whole, so only the account's cap applies. Quiet hours do not apply: the rep works in
 * their own hours, the task has a due time.
 */
export function decideTouch(input: Omit<PolicyInput, 'consent' | 'timeZone'> & { consent: ConsentState | null }, policy: ContactPolicy): Exclude<PolicyDecision, { decision: 'defer' }> {
  const refused = input.consent === null ? undefined : consentRefusal(input.consent);
  if (refused) return refused;
  const contactCaps = input.consent === null ? { ...policy, perContact: { max: Number.MAX_SAFE_INTEGER, windowDays: 1, minGapHours: 0 } } : policy;
  return capRefusal(input, contactCaps, 'touch') ?? { decision: 'send' };
}

function consentRefusal(consent: ConsentState): Extract<PolicyDecision, { decision: 'skip' }> | undefined {
  return consent === 'subscribed' ? undefined : { decision: 'skip', reason: `consent:${consent}`, detail: consentDetail[consent] };
}

const unitPlural = { email: 'emails', touch: 'touches' } as const;

/** The caps, counted in emails (journey email) or touches (emails and rep tasks together). */
function capRefusal(input: Pick<PolicyInput, 'contactSendsMs' | 'accountSendsMs' | 'nowMs'>, policy: ContactPolicy, unit: 'email' | 'touch'): Extract<PolicyDecision, { decision: 'skip' }> | undefined {
  const { nowMs } = input;
  const { perContact, perAccount } = policy;
  const gapMs = perContact.minGapHours * hourMs;
  const contacted = unit === 'email' ? 'emailed' : 'contacted';
  if (gapMs > 0 && sendsWithin(input.contactSendsMs, nowMs, gapMs) > 0) {
    return {
      decision: 'skip',
      reason: 'cap:contact-24h',
      detail: `the contact was already ${contacted} within the last ${plural(perContact.minGapHours, 'hour')}`,
    };
  }
  const contactSends = sendsWithin(input.contactSendsMs, nowMs, perContact.windowDays * dayMs);
  if (contactSends >= perContact.max) {
    return {
      decision: 'skip',
      reason: 'cap:contact',
      detail: `the contact already received ${plural(contactSends, unit, unitPlural[unit])} in the last ${plural(perContact.windowDays, 'day')} (limit ${perContact.max})`,
    };
  }
  const accountSends = sendsWithin(input.accountSendsMs, nowMs, perAccount.windowDays * dayMs);
  if (accountSends >= perAccount.max) {
    return {
      decision: 'skip',
      reason: 'cap:account',
      detail: `the account's contacts already received ${plural(accountSends, unit, unitPlural[unit])} in the last ${plural(perAccount.windowDays, 'day')} (limit ${perAccount.max})`,
    };
  }
  return undefined;
}

function minutesOf(t: ClockTime): number {
  return t.hour * 60 + t.minute;
}

function isQuiet(ms: number, timeZone: string, quiet: QuietHours): boolean {
  const local = localDateTime(ms, timeZone);
  if (quiet.weekends && (local.weekday === 0 || local.weekday === 6)) return true;
  const now = minutesOf(local);
  const start = minutesOf(parseClockTime(quiet.start));
  const end = minutesOf(parseClockTime(quiet.end));
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The first instant at or after nowMs outside quiet hours in the time zone. */
export function nextSendWindowMs(nowMs: number, timeZone: string, quietHours: QuietHours): number {
  if (!isQuiet(nowMs, timeZone, quietHours)) return nowMs;
  // Quiet time always ends at the configured end time or at a midnight (the end of a weekend or of
  // an evening quiet period that stops at 00:00), so the earliest such moment that is not itself
  // quiet is the answer. Nine days cover a weekend plus the week around it.
  const today = localDateTime(nowMs, timeZone);
  const openings: ClockTime[] = [parseClockTime(quietHours.end), { hour: 0, minute: 0 }];
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= 8; k++) {
    const date = addDays(today, k);
    for (const time of openings) {
      const at = instantOf(date, time, timeZone);
      if (at > nowMs && at < best && !isQuiet(at, timeZone, quietHours)) best = at;
    }
  }
  return best;
}
