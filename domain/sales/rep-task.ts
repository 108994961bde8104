// Rep tasks: work a journey asks of the account's sales owner (a call, a LinkedIn touch, a piece of
// direct mail), with a due time on the owner's clock. The words and the due rule, pure, so the
// journey validator, the activities, the forecast and the doors agree.
import type { GoalKind } from '../journey/definition';
import { addBusinessDays } from '../time/business-days';
import { instantOf, localDateTime, parseClockTime } from '../time/local-time';

export const repTaskChannels = ['call', 'linkedin', 'direct_mail'] as const;
export type RepTaskChannel = (typeof repTaskChannels)[number];

/** A channel as people read it (the console, chat alerts). */
export const repTaskChannelLabels: Record<RepTaskChannel, string> = { call: 'Call', linkedin: 'LinkedIn', direct_mail: 'Direct mail' };

/**
 * open → done | skipped (by the rep) | expired (the journey's wait ran out first) | cancelled (taken
 * back: its journey ended for good, see repTaskWithdrawal, or its contact or account may no longer
 * be touched; use-cases/cancel-rep-tasks.ts).
 */
export const repTaskStatuses = ['open', 'done', 'skipped', 'expired', 'cancelled'] as const;
export type RepTaskStatus = (typeof repTaskStatuses)[number];

/** How a rep closes a task. */
export type RepTaskClosing = 'done' | 'skipped';

/**
 * Tasks that count toward the account's contact caps, as an email sent does: one the rep still has
 * to carry out or has carried out. A skipped, expired or cancelled task touched nobody.
 */
export const countedRepTaskStatuses: readonly RepTaskStatus[] = ['open', 'done'];

/**
 * Why a journey's end cancels the rep tasks it left open; undefined when it leaves them. An
 * operator's stop ends the journey's outreach, and an account retired or with nobody left to
 * contact must not be called either: a rep working such a task would touch someone the journey no
 * longer may. A journey that ran to its end or met another goal (sales accepted the handoff) leaves
 * its tasks to the rep: they were planned.
 */
export function repTaskWithdrawal(end: { status: 'completed' | 'stopped'; reason: string; goal?: GoalKind }): string | undefined {
  if (end.status === 'stopped') return `the journey was stopped: ${end.reason}`;
  if (end.goal === 'account_retired') return 'the journey ended: the account was retired';
  if (end.goal === 'all_contacts_unsubscribed') return 'the journey ended: nobody in the account may be contacted any more';
  return undefined;
}

/** `2d`: business days (Monday to Friday) in the owner's time zone. */
export const businessDaysPattern = /^(\d{1,2})d$/;

/** The business days of an `after` such as "2d" (0 for one that does not parse: the schema refuses it). */
export const businessDaysOf = (after: string): number => Number(businessDaysPattern.exec(after)?.[1] ?? 0);

export type RepTaskDue = { after: string; at?: string };

/**
 * When a task is due: `after` business days from `nowMs` in the zone, at the local time `at` (else
 * at the same local time as now), never before `nowMs`. A task made on a weekend counts from Monday, as service levels do.
 */
export function repTaskDueMs(nowMs: number, due: RepTaskDue, timeZone: string): number {
  const shifted = addBusinessDays(nowMs, businessDaysOf(due.after), timeZone);
  if (due.at === undefined) return shifted;
  const at = parseClockTime(due.at);
  const dueMs = instantOf(localDateTime(shifted, timeZone), at, timeZone);
  // `after: 0d, at: '10:00'` made at 15:00 means the next working morning, not a task overdue at birth.
  return dueMs > nowMs ? dueMs : instantOf(localDateTime(addBusinessDays(shifted, 1, timeZone), timeZone), at, timeZone);
}

type Candidate = { id: string; role: string; consent: string };

/**
 * Who a task about `roles` is about: the first (oldest) subscribed contact with one of the roles;
 * when every such contact said no, the first of them (its consent then refuses the task); null when
 * the buying group has nobody in those roles.
 */
export function repTaskContact<C extends Candidate>(contacts: readonly C[], roles: readonly string[]): C | null {
  const inRole = contacts.filter((c) => roles.includes(c.role));
  return inRole.find((c) => c.consent === 'subscribed') ?? inRole[0] ?? null;
}
