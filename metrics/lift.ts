// The incrementality report of one journey's holdout: its treated and held-out accounts (as
// HoldoutAssignment recorded them) measured the same way, over the period, and compared
// (domain/measurement/incrementality.ts). One entry point for `harpoon report lift`,
// GET /v1/metrics/lift and the console's Lift page, so the three show the same figures.
//
// Both groups are measured on every source of engagement and every handoff, not only the journey's
// own: a held-out account hears nothing from the journey, so counting the journey's touches alone
// would make its rates zero by construction.
import type { Db } from '../db/client';
import { stratumOrder } from '../domain/measurement/holdout';
import { incrementality, type Incrementality } from '../domain/measurement/incrementality';
import type { LiftFilter } from '../domain/measurement/lift-filter';
import { field } from '../domain/fields/field-ref';
import { periodOf } from '../domain/metrics/filter';
import { invalid } from '../domain/use-case-error';
import { collectFacts } from './account-facts';
import { resolveScope } from './report';

export type LiftReport = Incrementality & {
  filter: LiftFilter;
  period: { from: string | null; to: string };
  generatedAt: string;
  /** The holdout as last assigned (share and seed); null when the journey has held out nobody yet. */
  holdout: { share: number; seed: string } | null;
  currency: string | null;
  /** The same comparison within each stratum (the tier the accounts were assigned in). */
  byStratum: ({ stratum: string } & Incrementality)[];
};

export async function computeLift(db: Db, filter: LiftFilter, nowMs = Date.now()): Promise<LiftReport> {
  const { tier, ownerId } = await resolveScope(db, filter);
  const period = periodOf(filter, nowMs);
  await refuseWithoutHoldout(db, filter.journey);
  const assignments = await db.holdoutAssignment.findMany({
    where: { journeyKey: filter.journey, assignedAt: { lt: new Date(period.toMs) } },
    select: { accountId: true, group: true, stratum: true, share: true, seed: true },
    orderBy: { assignedAt: 'asc' },
  });
  const facts = await collectFacts(db, { accountIds: assignments.map((a) => a.accountId), tier, ownerId }, period);
  const byId = new Map(facts.accounts.map((a) => [a.accountId, a]));
  const groupOf = (rows: typeof assignments) => {
    const measured = rows.filter((r) => byId.has(r.accountId));
    return {
      treated: measured.filter((r) => r.group === 'treated').map((r) => byId.get(r.accountId)!),
      heldOut: measured.filter((r) => r.group === 'held_out').map((r) => byId.get(r.accountId)!),
    };
  };
  const all = groupOf(assignments);
  const strata = [...new Set(assignments.map((a) => a.stratum))].sort(stratumOrder);
  const last = assignments.at(-1);
  return {
    filter,
    period: { from: period.fromMs === null ? null : new Date(period.fromMs).toISOString(), to: new Date(period.toMs).toISOString() },
    generatedAt: new Date(nowMs).toISOString(),
    holdout: last ? { share: last.share, seed: last.seed } : null,
    currency: facts.currency,
    ...incrementality(all.treated, all.heldOut, period),
    byStratum: strata
      .map((stratum) => ({ stratum, ...groupOf(assignments.filter((a) => a.stratum === stratum)) }))
      .filter((s) => s.treated.length + s.heldOut.length > 0)
      .map(({ stratum, treated, heldOut }) => ({ stratum, ...incrementality(treated, heldOut, period) })),
  };
}

/**
 * A journey that never held out an account and whose file asks for no holdout has nothing to compare:
 * its report would be a table of dashes under "no accounts assigned yet", as if one were coming.
 * A journey with a holdout not yet launched still gets that report.
 */
async function refuseWithoutHoldout(db: Db, journey: string): Promise<void> {
  if (await db.holdoutAssignment.findFirst({ where: { journeyKey: journey }, select: { accountId: true } })) return;
  const latest = await db.journeyVersion.findFirst({ where: { key: journey }, orderBy: { version: 'desc' }, select: { definition: true } });
  if ((latest?.definition as { holdout?: unknown } | null)?.holdout !== undefined) return;
  throw invalid(
    `${field('journey')} ${journey} has no holdout group, so there is nothing to measure its lift against: ` +
      'add "holdout: { share: 0.1 }" to its file and publish it, or launch it with a holdout (harpoon journeys launch --holdout 10%); its next launch then holds out that share',
  );
}
