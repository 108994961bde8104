// The made-up world of the simulation benchmark, from a seed and nothing else: sales reps, accounts
// with their buying groups and owners, who engages when, and what sales answer. Pure (no I/O), so a
// seed gives the same world every time; simulation.bench.ts writes it to the database and plays it.
import { buyingGroupRoles, type BuyingGroupRole, type Seniority } from '../domain/accounts/vocabulary';
import { seededEngagement, seededRandom } from '../domain/forecast/engagement';
import type { EngagementEvent } from '../domain/engagement/score';
import { rejectReasons, type RejectReason } from '../domain/sales/vocabulary';
import type { ContactSeed } from '../test/support/journey-harness';

type Random = () => number;

const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/** The first `n` of `items` in a random order (Fisher-Yates). */
function sample<T>(rand: Random, items: readonly T[], n: number): T[] {
  const copy = [...items];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** One of `weighted`'s values, each as likely as its weight. */
function weighted<T>(rand: Random, choices: readonly (readonly [T, number])[]): T {
  let r = rand() * choices.reduce((sum, [, w]) => sum + w, 0);
  return (choices.find(([, w]) => (r -= w) < 0) ?? choices.at(-1)!)[0];
}

const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'America/Los_Angeles', 'UTC', 'Australia/Sydney', 'Europe/London', 'Asia/Kolkata'];

export type RepSpec = { email: string; timezone: string; dailyCapacity: number; reportsToManager: boolean };

/**
 * Ten reps in the accounts' zones, each taking 3 to 8 handoffs a day; half report to a manager (their
 * escalations go to the manager), the others escalate to the sales queue.
 */
export function salesTeam(rand: Random): RepSpec[] {
  return Array.from({ length: 10 }, (_, i) => ({
    email: `rep${i}@harpoon.sim`,
    timezone: pick(rand, zones),
    dailyCapacity: 3 + Math.floor(rand() * 6),
    reportsToManager: i % 2 === 0,
  }));
}

export type AccountSpec = { domain: string; tier: 1 | 2 | 3; timezone: string; ownerIndex: number | null; contacts: ContactSeed[] };

/** Who holds a role, by seniority: deciders are mostly executives, users mostly individuals. */
const seniorityByRole: Partial<Record<BuyingGroupRole, readonly (readonly [Seniority, number])[]>> = {
  decision_maker: [['executive', 8], ['manager', 2]],
  budget_holder: [['executive', 8], ['manager', 2]],
  user: [['individual', 7], ['manager', 3]],
  technical_evaluator: [['individual', 6], ['manager', 4]],
};
const usualSeniority: readonly (readonly [Seniority, number])[] = [['manager', 7], ['executive', 1.5], ['individual', 1.5]];

// 'unknown' is what an import leaves when it cannot tell; a made-up buying group knows its roles.
const knownRoles = buyingGroupRoles.filter((r) => r !== 'unknown');

/** 3 to 6 people with different roles; one in ten works from a time zone of their own. */
function buyingGroup(rand: Random, domain: string): ContactSeed[] {
  return sample(rand, knownRoles, 3 + Math.floor(rand() * 4)).map((role, c) => ({
    email: `${role.replace('_', '.')}.${c}@${domain}`,
    role,
    seniority: weighted(rand, seniorityByRole[role] ?? usualSeniority),
    ...(rand() < 0.1 ? { timezone: pick(rand, zones) } : {}),
  }));
}

/** Tiers 1, 2 and 3 at 15%, 25% and 60%; four in five accounts owned by one of the `reps`. */
export function targetAccounts(rand: Random, count: number, reps: number): AccountSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const domain = `sim-${i}.example`;
    return {
      domain,
      tier: weighted(rand, [[1, 15], [2, 25], [3, 60]] as const),
      timezone: pick(rand, zones),
      ownerIndex: rand() < 0.8 ? Math.floor(rand() * reps) : null,
      contacts: buyingGroup(rand, domain),
    };
  });
}

/**
 * A fifth of the forecast's "typical" rate (one event per contact every ten weeks rather than every
 * two), so the run measures the journeys' own work more than a stream of signals: still about 300
 * events a step at 1,000 accounts (twice what the earlier benchmark played per account), in the
 * forecast's mix of opens, clicks (a third on pricing links), visits, replies and one inquiry in fifty.
 */
const eventsPerContactPerWeek = 0.1;

/**
 * Every contact's engagement over the run, oldest first, from the forecast's own generator. Contacts
 * are named `<account index>.<contact index>` so the seed, not the database's IDs, decides the events.
 */
export function engagementPlan(seed: number, accounts: AccountSpec[], fromMs: number, days: number): EngagementEvent[] {
  const contacts = accounts.flatMap((a, i) => a.contacts.map((c, j) => ({ id: `${i}.${j}`, role: c.role, consent: 'subscribed' })));
  return seededEngagement({ kind: 'seeded', seed: `sim-${seed}`, eventsPerContactPerWeek }, contacts, fromMs, days);
}

export type SalesAnswer = { kind: 'accept' } | { kind: 'reject'; reason: RejectReason } | { kind: 'none' };

/**
 * What sales do with the `seq`th task of account `accountIndex`: accept half, reject a quarter with
 * a reason, leave the rest to their service level. Keyed by the task, not drawn in the order tasks
 * appear, so the same seed answers the same task the same way however the run's timing fell.
 */
export function salesAnswer(seed: number, accountIndex: number, seq: number): SalesAnswer {
  const rand = seededRandom(Math.imul(seed, 0x9e3779b1) ^ Math.imul(accountIndex + 1, 0x85ebca6b) ^ seq);
  const r = rand();
  if (r < 0.5) return { kind: 'accept' };
  if (r < 0.75) return { kind: 'reject', reason: pick(rand, rejectReasons) };
  return { kind: 'none' };
}
