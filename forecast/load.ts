// What a forecast reads from the database, once, before it runs in memory: each account with its
// buying group, its recent engagement (as a journey loads it when it begins), its recent sends and
// rep tasks (which the contact caps count) and its answers to the events the journey invites to. Reads only;
// a forecast writes nothing.
import type { Db } from '../db/client';
import { countedStatuses } from '../activities/send-email';
import { loadEngagementHistories } from '../activities/engagement-history';
import type { RegistrationStatus } from '../domain/programme-events/vocabulary';
import type { ContactPolicy } from '../domain/policy/contact-policy';
import type { ForecastAccount } from './simulate';
import { countedRepTaskStatuses } from '../domain/sales/rep-task';

const hourMs = 3_600_000;

/**
 * The accounts in the order given, as they stood at `startMs`; the caps look back as far as the
 * policy's longest window. `eventKeys`: the events the journey's invite steps name.
 */
export async function loadForecastAccounts(db: Db, accountIds: readonly string[], startMs: number, policy: ContactPolicy, eventKeys: readonly string[] = []): Promise<ForecastAccount[]> {
  const lookBackMs = Math.max(policy.perContact.windowDays * 24, policy.perContact.minGapHours, policy.perAccount.windowDays * 24) * hourMs;
  const accounts = await db.account.findMany({
    where: { id: { in: [...accountIds] } },
    select: {
      id: true,
      domain: true,
      tier: true,
      tierOverride: true,
      timezone: true,
      // The order the send activity's audience query uses, so recipients come in the same order.
      contacts: { select: { id: true, email: true, role: true, seniority: true, consent: true, timezone: true }, orderBy: { createdAt: 'asc' } },
      owner: { select: { timezone: true } },
      // Rep tasks are touches the caps count too (activities/rep-tasks.ts).
      repTasks: {
        where: { status: { in: [...countedRepTaskStatuses] }, createdAt: { gte: new Date(startMs - lookBackMs), lt: new Date(startMs) } },
        select: { contactId: true, createdAt: true },
      },
      emailSends: {
        where: { contactId: { not: null }, status: { in: countedStatuses }, sentAt: { gte: new Date(startMs - lookBackMs), lt: new Date(startMs) } },
        select: { contactId: true, sentAt: true },
      },
      // In the order the registrants activity returns them, so reminders go in the same order.
      eventRegistrations: {
        where: { event: { key: { in: [...eventKeys] } } },
        select: { contactId: true, status: true, event: { select: { key: true } } },
        orderBy: { id: 'asc' },
      },
    },
  });
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const histories = await loadEngagementHistories(db, accounts.map((a) => a.id), startMs);
  const loaded: ForecastAccount[] = [];
  for (const id of accountIds) {
    const a = byId.get(id);
    if (!a) continue;
    loaded.push({
      id: a.id,
      domain: a.domain,
      tier: a.tierOverride ?? a.tier,
      timezone: a.timezone,
      contacts: a.contacts,
      history: histories.get(a.id) ?? [],
      recentSends: [
        ...a.emailSends.map((s) => ({ contactId: s.contactId!, atMs: s.sentAt!.getTime() })),
        ...a.repTasks.map((t) => ({ contactId: t.contactId, atMs: t.createdAt.getTime() })),
      ],
      taskTimeZone: a.owner?.timezone ?? a.timezone,
      registrations: a.eventRegistrations.map((r) => ({ eventKey: r.event.key, contactId: r.contactId, status: r.status as RegistrationStatus })),
    });
  }
  return loaded;
}
