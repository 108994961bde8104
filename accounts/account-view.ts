// The read model behind `accounts show` and `accounts list`: one account's firmographics, value
// assessment, tier and pool status with their reasons, buying group with coverage, and history.
import type { Db } from '../db/client';
import { buyingGroupCoverage, type Coverage } from '../domain/accounts/coverage';
import { normaliseDomain } from '../domain/accounts/domain-name';
import { isEligibleForJourney, isReachable } from '../domain/accounts/eligibility';
import { buyingGroupRoles, type BuyingGroupRole, type PoolStatus, type Tier } from '../domain/accounts/vocabulary';
import { operator, type ActingUser } from '../domain/access/acting-user';
import { notFound } from '../domain/use-case-error';
import { findAccountByDomain } from './find-account';
import type { StoredBreakdown } from './score-accounts';

/** Key roles first, in the order the buying group is usually reached, then everyone else. */
const byRoleImportance = (a: { role: string }, b: { role: string }) =>
  buyingGroupRoles.indexOf(a.role as BuyingGroupRole) - buyingGroupRoles.indexOf(b.role as BuyingGroupRole);

export type AccountView = Awaited<ReturnType<typeof getAccountView>>;
export type AccountSummary = Awaited<ReturnType<typeof listAccounts>>[number];

export async function getAccountView(db: Db, domain: string) {
  const found = await findAccountByDomain(db, domain);
  if (!found) {
    const words = (normaliseDomain(domain) ?? domain.toLowerCase()).split('.')[0]!.split(/[^a-z0-9]+/).filter((w) => w.length >= 3);
    const similar = words.length === 0 ? [] : await db.account.findMany({ where: { OR: words.map((w) => ({ domain: { contains: w } })) }, take: 3, select: { domain: true } });
    throw notFound(
      `No account has the domain ${JSON.stringify(domain)}` +
        (similar.length > 0 ? `; did you mean ${similar.map((a) => a.domain).join(' or ')}?` : '; "harpoon accounts list" shows them all.'),
    );
  }
  const account = await db.account.findUniqueOrThrow({
    where: { id: found.id },
    include: {
      owner: { include: { manager: true } },
      contacts: { orderBy: { email: 'asc' } },
      statusChanges: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
    },
  });
  const breakdown = account.scoreBreakdown as StoredBreakdown | null;
  return {
    domain: account.domain,
    name: account.name,
    industry: account.industry,
    country: account.country,
    employeeCount: account.employeeCount,
    revenueBand: account.revenueBand,
    timezone: account.timezone,
    purchasePattern: account.purchasePattern,
    attributes: (account.attributes ?? {}) as Record<string, unknown>,
    owner: account.owner && {
      email: account.owner.email,
      name: account.owner.name,
      manager: account.owner.manager && { email: account.owner.manager.email, name: account.owner.manager.name },
    },
    pool: {
      status: account.poolStatus as PoolStatus,
      reason: account.poolReason,
      since: account.poolChangedAt,
      eligibleForJourney: isEligibleForJourney(account),
    },
    // Fixed by a person (a user, a review) it stays until `auto`; fixed by an import, the next import may change it.
    tier: { tier: account.tier as Tier | null, reason: account.tierReason, fixedByHand: account.tierOverride !== null && account.tierFixedBy !== 'import', fixedByImport: account.tierFixedBy === 'import' && account.tierOverride !== null },
    assessment: account.scoredAt && breakdown && {
      score: account.score,
      confidence: account.scoreConfidence ?? 0,
      recommendedTier: account.recommendedTier as Tier | null,
      currentValue: breakdown.currentValue,
      futureValue: breakdown.futureValue,
      factors: breakdown.factors,
      scoredAt: account.scoredAt,
    },
    buyingGroup: [...account.contacts].sort(byRoleImportance).map((c) => ({
      email: c.email,
      name: [c.firstName, c.lastName].filter(Boolean).join(' ') || null,
      title: c.title,
      role: c.role,
      seniority: c.seniority,
      consent: c.consent,
      consentSource: c.consentSource,
      consentAt: c.consentAt,
      reachable: isReachable(c),
      timezone: c.timezone ?? account.timezone,
    })),
    coverage: buyingGroupCoverage(account.contacts),
    history: account.statusChanges.map((h) => ({ at: h.at, field: h.field, from: h.oldValue, to: h.newValue, reason: h.reason, actor: h.actor })),
  };
}

/** The pool, best first; a rep's list holds the accounts they own. */
export async function listAccounts(db: Db, filter: { tier?: Tier; status?: PoolStatus } = {}, actor: ActingUser = operator) {
  const accounts = await db.account.findMany({
    where: { tier: filter.tier, poolStatus: filter.status, ownerId: actor.rep?.id },
    orderBy: [{ tier: { sort: 'asc', nulls: 'last' } }, { score: { sort: 'desc', nulls: 'last' } }, { domain: 'asc' }],
    include: { owner: { select: { email: true } }, contacts: { select: { role: true, consent: true } } },
  });
  return accounts.map((a) => {
    const coverage: Coverage = buyingGroupCoverage(a.contacts);
    return {
      domain: a.domain,
      name: a.name,
      tier: a.tier as Tier | null,
      status: a.poolStatus as PoolStatus,
      score: a.score,
      confidence: a.scoreConfidence,
      owner: a.owner?.email ?? null,
      contacts: a.contacts.length,
      coverage: coverage.ratio,
      gaps: coverage.gaps.map((g) => g.role),
    };
  });
}
