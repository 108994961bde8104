// What the database knows of an A/B test's units: when each got its first email of the step, and
// when it did what the winner rule's metric counts. The arithmetic is domain/measurement/winner-rule.ts.
//   clicks:  a person's click (machine-made ones count for nothing) on a link of one of the unit's emails of the step;
//   replies: a reply of the contact (split: account, of anyone in the account);
//   mqa:     the account handed to sales (a sales task created).
// Only units the split assigned count: those given the winner after the decision are no sample.
import type { Db } from '../db/client';
import { isCounted } from '../domain/metrics/touch-kinds';
import type { Experiment } from '../domain/measurement/variant-assignment';
import { variantFigures, type UnitFacts, type VariantFigures } from '../domain/measurement/winner-rule';

type Unit = UnitFacts & { unitId: string; accountId: string; sendKeys: string[] };

async function splitUnits(db: Db, experiment: Pick<Experiment, 'journeyKey' | 'journeyVersion' | 'stepId'>): Promise<Unit[]> {
  const rows = await db.variantAssignment.findMany({
    where: { journeyKey: experiment.journeyKey, journeyVersion: experiment.journeyVersion, stepId: experiment.stepId, reason: 'split' },
    select: { unitId: true, accountId: true, variantKey: true, sends: { where: { status: 'sent' }, select: { idempotencyKey: true, sentAt: true } } },
  });
  return rows.map((r) => {
    const sentAt = r.sends.flatMap((s) => (s.sentAt ? [s.sentAt.getTime()] : []));
    return {
      unitId: r.unitId,
      accountId: r.accountId,
      variant: r.variantKey,
      firstSentAtMs: sentAt.length > 0 ? Math.min(...sentAt) : undefined,
      sendKeys: r.sends.map((s) => s.idempotencyKey),
      conversionsAtMs: [],
    };
  });
}

/** Adds to each unit the moments it converted, by the rule's metric. */
async function addConversions(db: Db, experiment: Pick<Experiment, 'split' | 'winner'>, units: Unit[]): Promise<void> {
  const sent = units.flatMap((u) => (u.firstSentAtMs === undefined ? [] : [u.firstSentAtMs]));
  if (sent.length === 0) return;
  const since = new Date(Math.min(...sent));
  const add = (byKey: Map<string, Unit[]>, key: string | null, at: Date) => {
    for (const unit of (key !== null && byKey.get(key)) || []) unit.conversionsAtMs.push(at.getTime());
  };
  const index = (keyOf: (u: Unit) => string[]) => {
    const map = new Map<string, Unit[]>();
    for (const u of units) for (const k of keyOf(u)) map.set(k, [...(map.get(k) ?? []), u]);
    return map;
  };
  switch (experiment.winner.metric) {
    case 'clicks': {
      const bySend = index((u) => u.sendKeys);
      const clicks = await db.touch.findMany({ where: { type: 'clicked', at: { gte: since } }, select: { detail: true, at: true } });
      for (const c of clicks) {
        const sendKey = (c.detail as { sendKey?: unknown } | null)?.sendKey;
        if (isCounted(c.detail) && typeof sendKey === 'string') add(bySend, sendKey, c.at);
      }
      return;
    }
    case 'replies': {
      const byUnit = index((u) => [u.unitId]);
      const replies = await db.touch.findMany({ where: { type: 'replied', at: { gte: since } }, select: { contactId: true, accountId: true, at: true, detail: true } });
      for (const r of replies) if (isCounted(r.detail)) add(byUnit, experiment.split === 'account' ? r.accountId : r.contactId, r.at);
      return;
    }
    case 'mqa': {
      const byAccount = index((u) => [u.accountId]);
      const tasks = await db.salesTask.findMany({ where: { createdAt: { gte: since } }, select: { accountId: true, createdAt: true } });
      for (const t of tasks) add(byAccount, t.accountId, t.createdAt);
      return;
    }
  }
}

/** Each variant's figures at `nowMs`, from the units the split assigned. */
export async function experimentFigures(db: Db, experiment: Experiment, nowMs: number): Promise<VariantFigures[]> {
  const units = await splitUnits(db, experiment);
  await addConversions(db, experiment, units);
  return variantFigures(experiment.variants, units, experiment.winner.within, nowMs);
}
