// The read model behind `accounts show` and `accounts list`: one account's firmographics, value
// assessment, tier and pool status with their reasons, buying group with coverage, and history.
import { providerOf, type Db } from '../db/client';
import { buyingGroupCoverage, type Coverage } from '../domain/accounts/coverage';
import { closeDomains, normaliseDomain } from '../domain/accounts/domain-name';
import { isEligibleForJourney, isReachable } from '../domain/accounts/eligibility';
import { buyingGroupRoles, type BuyingGroupRole, type PoolStatus, type Tier } from '../domain/accounts/vocabulary';
import { operator, type ActingUser } from '../domain/access/acting-user';
import { notFound } from '../domain/use-case-error';
import { findAccountByDomain } from './find-account';
import { shownDomain } from './shown-domain';
import type { StoredBreakdown } from './score-accounts';

/** Key roles first, in the order the buying group is usually reached, then everyone else. */
const byRoleImportance = (a: { role: string }, b: { role: string }) =>
  buyingGroupRoles.indexOf(a.role as BuyingGroupRole) - buyingGroupRoles.indexOf(b.role as BuyingGroupRole);

export type AccountView = Awaited<ReturnType<typeof getAccountView>>;
export type AccountSummary = Awaited<ReturnType<typeof listAccounts>>[number];

export async function getAccountView(db: Db, domain: string) {
  const found = await findAccountByDomain(db, domain);
  if (!found) {
    // Likeness is a distance the database cannot be asked for: every domain is read, on this error path only.
    const known = await db.account.findMany({ select: { domain: true } });
    const similar = closeDomains(shownDomain(normaliseDomain(domain) ?? domain.trim().toLowerCase()), known.map((a) => shownDomain(a.domain)));
    throw notFound(
      `No account has the domain ${JSON.stringify(domain)}` +
        (similar.length > 0 ? `; did you mean ${similar.join(' or ')}?` : '; "harpoon accounts list" shows them all.'),
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

export type AccountListFilter = {
  tier?: Tier;
  status?: PoolStatus;
  /** Part of the domain or the name, in any case. */
  search?: string;
  /** One page of the list (the console's); none: the whole list. */
  page?: { skip: number; take: number };
};

/** The pool, best first; a rep's list holds the accounts they own. */
export async function listAccounts(db: Db, filter: AccountListFilter = {}, actor: ActingUser = operator) {
  // SQLite's LIKE ignores case already; PostgreSQL's needs to be told, so both databases find the same.
  const part = (text: string) => (providerOf(db) === 'postgresql' ? { contains: text, mode: 'insensitive' as const } : { contains: text });
  const accounts = await db.account.findMany({
    where: {
      tier: filter.tier,
      poolStatus: filter.status,
      ownerId: actor.rep?.id,
      ...(filter.search ? { OR: [{ domain: part(filter.search) }, { name: part(filter.search) }] } : {}),
    },
    // The domain is unique, so the order is total and pages neither skip nor repeat an account.
    orderBy: [{ tier: { sort: 'asc', nulls: 'last' } }, { score: { sort: 'desc', nulls: 'last' } }, { domain: 'asc' }],
    include: { owner: { select: { email: true } }, contacts: { select: { role: true, consent: true } } },
    ...filter.page,
  });
  return accounts.map((a) => {
    const coverage: Coverage = buyingGroupCoverage(a.contacts);
    return {
      id: a.id,
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
