// Reads what the metrics need from the database, in a handful of set queries whatever the number of
// accounts (no query per account): the accounts in scope with their contacts, their engagement and
// event touches, the emails sent to them, their handoff tasks, and the costs shared out to them.
import type { Db } from '../db/client';
import { field } from '../domain/fields/field-ref';
import { keyBuyingGroupRoles, type KeyBuyingGroupRole } from '../domain/accounts/vocabulary';
import { allocateCosts, costInPeriod, type CostBasis } from '../domain/metrics/costs';
import { inPeriod, type Period } from '../domain/metrics/filter';
import type { AccountFacts, OpportunityUniverse } from '../domain/metrics/summarize';
import { standingAttendance } from '../domain/metrics/standing-attendance';
import { engagementTouchTypes, eventKeyOf, eventTouchTypes, isCounted } from '../domain/metrics/touch-kinds';
import { invalid } from '../domain/use-case-error';

/** Which accounts a report covers: a journey's (every account that ran it) or the target pool, narrowed by tier and owner. */
export type Scope = {
  journey?: string;
  tier?: number;
  ownerId?: string;
  /** Exactly these accounts, whatever their pool status, their outcomes from every journey (a holdout's groups: metrics/lift.ts). */
  accountIds?: readonly string[];
};

export type Facts = { accounts: AccountFacts[]; universe: OpportunityUniverse; unallocatedCost: number; currency: string | null };

/** The workflow IDs of a journey's runs (workflows/ids.ts): what its sends and tasks carry. */
export const journeyPrefix = (key: string) => `journey/${key}/`;
const monthOf = (d: Date) => d.toISOString().slice(0, 7);
const isKeyRole = (role: string): role is KeyBuyingGroupRole => (keyBuyingGroupRoles as readonly string[]).includes(role);

export async function collectFacts(db: Db, scope: Scope, period: Period): Promise<Facts> {
  const until = new Date(period.toMs);
  const accounts = await db.account.findMany({
    where: {
      ...(scope.accountIds !== undefined
        ? { id: { in: [...scope.accountIds] } }
        : scope.journey !== undefined
          ? { journeyRuns: { some: { journeyKey: scope.journey, startedAt: { lt: until } } } }
          : { poolStatus: 'target' }),
      ...(scope.tier !== undefined ? { tier: scope.tier } : {}),
      ...(scope.ownerId !== undefined ? { ownerId: scope.ownerId } : {}),
    },
    select: { id: true, domain: true, name: true, tier: true, owner: { select: { email: true } }, contacts: { select: { id: true, role: true } } },
    orderBy: { domain: 'asc' },
  });
  const ids = accounts.map((a) => a.id);
  const inScope = { accountId: { in: ids } };
  const sentInPeriod = { gte: new Date(period.fromMs ?? 0), lt: until };
  const fromJourney = scope.journey !== undefined ? { startsWith: journeyPrefix(scope.journey) } : undefined;

  const [touches, sends, tasks, costs] = await Promise.all([
    db.touch.findMany({
      where: { ...inScope, type: { in: [...engagementTouchTypes, eventTouchTypes.noShow] }, at: { lt: until } },
      select: { id: true, accountId: true, contactId: true, type: true, at: true, detail: true },
    }),
    db.emailSend.findMany({
      where: { ...inScope, status: 'sent', contactId: { not: null }, sentAt: sentInPeriod, ...(fromJourney ? { workflowId: fromJourney } : {}) },
      select: { accountId: true, contactId: true, sentAt: true },
    }),
    db.salesTask.findMany({
      where: { ...inScope, createdAt: { lt: until }, ...(fromJourney ? { journeyWorkflowId: fromJourney } : {}) },
      select: { accountId: true, createdAt: true, releasedAt: true, acceptedAt: true, opportunityAt: true, status: true, closedAt: true, amount: true, opportunityAmount: true, currency: true },
    }),
    db.cost.findMany({ orderBy: { createdAt: 'asc' } }),
  ]);

  const counting = costs.filter((c) => costInPeriod(c.period, period));
  const currencies = new Set([...counting.map((c) => c.currency), ...tasks.filter((t) => t.amount !== null && t.currency).map((t) => t.currency!)]);
  if (currencies.size > 1) {
    throw invalid(
      `this report would add up amounts in ${[...currencies].sort().join(' and ')}: Harpoon does not convert currencies, so record costs in the currency of the deals (convert them first) or narrow the report with ${['journey', 'tier', 'owner'].map(field).join(', ')} or ${field('from')}/${field('to')}`,
    );
  }

  const byAccount = new Map(
    accounts.map((a) => [
      a.id,
      { reached: new Set<string>(), engaged: new Set<string>(), roles: new Set<KeyBuyingGroupRole>(), first: null as number | null, registered: new Set<string>(), attended: 0, noShows: 0 },
    ]),
  );
  const roleOf = new Map(accounts.flatMap((a) => a.contacts.map((c) => [c.id, c.role] as const)));
  // A corrected attendance export supersedes the first: only the latest answer counts as attended or no-show.
  const standing = standingAttendance(touches);
  for (const t of touches) {
    const acc = byAccount.get(t.accountId)!;
    const atMs = t.at.getTime();
    if (t.type === eventTouchTypes.noShow) {
      if (inPeriod(period, atMs) && standing.has(t.id)) acc.noShows += 1;
      continue;
    }
    if (!isCounted(t.detail)) continue;
    acc.first = acc.first === null ? atMs : Math.min(acc.first, atMs);
    if (!inPeriod(period, atMs)) continue;
    // People per event: one who registered, declined and registered again is one registration.
    if (t.type === eventTouchTypes.registered) acc.registered.add(`${t.contactId}|${eventKeyOf(t.detail)}`);
    if (t.type === eventTouchTypes.attended && standing.has(t.id)) acc.attended += 1;
    if (t.contactId !== null) {
      acc.engaged.add(t.contactId);
      const role = roleOf.get(t.contactId);
      if (role !== undefined && isKeyRole(role)) acc.roles.add(role);
    }
  }

  const emailsByAccountMonth = new Map<string, Map<string, number>>();
  for (const s of sends) {
    byAccount.get(s.accountId)!.reached.add(s.contactId!);
    const months = emailsByAccountMonth.get(s.accountId) ?? new Map<string, number>();
    const month = monthOf(s.sentAt!);
    months.set(month, (months.get(month) ?? 0) + 1);
    emailsByAccountMonth.set(s.accountId, months);
  }

  const allocation = allocateCosts(counting, await costBasis(db, counting, emailsByAccountMonth, until), period, scope.journey);
  const tasksOf = new Map<string, typeof tasks>();
  for (const t of tasks) tasksOf.set(t.accountId, [...(tasksOf.get(t.accountId) ?? []), t]);
  const ms = (d: Date | null) => d?.getTime() ?? null;

  return {
    accounts: accounts.map((a): AccountFacts => {
      const acc = byAccount.get(a.id)!;
      return {
        accountId: a.id,
        domain: a.domain,
        name: a.name,
        tier: a.tier,
        owner: a.owner?.email ?? null,
        contacts: a.contacts.length,
        contactsReached: acc.reached.size,
        contactsEngaged: acc.engaged.size,
        engagedKeyRoles: keyBuyingGroupRoles.filter((r) => acc.roles.has(r)),
        firstEngagedAtMs: acc.first,
        registrations: acc.registered.size,
        attended: acc.attended,
        noShows: acc.noShows,
        tasks: (tasksOf.get(a.id) ?? []).map((t) => ({
          createdAtMs: t.createdAt.getTime(),
          releasedAtMs: ms(t.releasedAt),
          acceptedAtMs: ms(t.acceptedAt),
          opportunityAtMs: ms(t.opportunityAt),
          status: t.status,
          closedAtMs: ms(t.closedAt),
          amount: t.amount,
          opportunityAmount: t.opportunityAmount,
        })),
        cost: allocation.byAccount.get(a.id) ?? 0,
      };
    }),
    universe: await opportunityUniverse(db, period),
    unallocatedCost: allocation.unallocated,
    currency: [...currencies][0] ?? null,
  };
}

/**
 * Who shares which cost: every account that ran a journey, every account that registered for an event
 * (not only those in scope), and which journey invited it; as of the period's end, as a journey's
 * scope counts its accounts: a report of a period before a journey began charged its cost to the
 * accounts that ran it later in the programme's report, and to none in the journey's own.
 */
async function costBasis(db: Db, costs: readonly { journeyKey: string | null; eventKey: string | null }[], emailsByAccountMonth: CostBasis['emailsByAccountMonth'], until: Date): Promise<CostBasis> {
  const journeys = [...new Set(costs.flatMap((c) => (c.journeyKey ? [c.journeyKey] : [])))];
  const events = new Set(costs.flatMap((c) => (c.eventKey ? [c.eventKey] : [])));
  const [runs, registrations, invitations] = await Promise.all([
    journeys.length ? db.journeyRun.findMany({ where: { journeyKey: { in: journeys }, startedAt: { lt: until } }, select: { journeyKey: true, accountId: true }, distinct: ['journeyKey', 'accountId'] }) : [],
    events.size ? db.touch.findMany({ where: { type: eventTouchTypes.registered, at: { lt: until } }, select: { accountId: true, detail: true } }) : [],
    events.size ? db.touch.findMany({ where: { type: 'event_invited', at: { lt: until } }, select: { accountId: true, journeyKey: true, detail: true }, orderBy: { at: 'asc' } }) : [],
  ]);
  const journeyAccounts = new Map<string, string[]>();
  for (const r of runs) journeyAccounts.set(r.journeyKey, [...(journeyAccounts.get(r.journeyKey) ?? []), r.accountId]);
  const eventAccounts = new Map<string, Set<string>>();
  for (const r of registrations) {
    const key = eventKeyOf(r.detail);
    if (key === undefined || !events.has(key)) continue;
    eventAccounts.set(key, (eventAccounts.get(key) ?? new Set()).add(r.accountId));
  }
  // Oldest first: an account's later invitation to the same event takes the place of an earlier one.
  const eventInviters = new Map<string, Map<string, string | null>>();
  for (const t of invitations) {
    const key = eventKeyOf(t.detail);
    if (key === undefined || !events.has(key)) continue;
    eventInviters.set(key, (eventInviters.get(key) ?? new Map<string, string | null>()).set(t.accountId, t.journeyKey));
  }
  return { journeyAccounts, eventAccounts: new Map([...eventAccounts].map(([k, v]) => [k, [...v]])), eventInviters, emailsByAccountMonth };
}

/**
 * All opportunities of the period, for the share that comes from target accounts: every handoff that
 * became an opportunity (the target pool's), plus the CRM's opportunities of accounts outside the
 * target pool (harpoon opportunities import). A target account's CRM rows are left out: its handoff
 * tasks are its opportunities, and counting both would count one deal twice.
 */
async function opportunityUniverse(db: Db, period: Period): Promise<OpportunityUniverse> {
  const window = { gte: new Date(period.fromMs ?? 0), lt: new Date(period.toMs) };
  const [targetAccounts, crm, targets] = await Promise.all([
    db.salesTask.count({ where: { opportunityAt: window } }),
    db.crmOpportunity.findMany({ where: { openedAt: window }, select: { accountDomain: true } }),
    db.account.findMany({ where: { poolStatus: 'target' }, select: { domain: true } }),
  ]);
  const targetDomains = new Set(targets.map((t) => t.domain));
  return { targetAccounts, outsidePool: crm.filter((o) => !targetDomains.has(o.accountDomain)).length };
}
