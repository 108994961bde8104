// Recording what the programme spent (`harpoon costs add`, `costs list`). Costs are kept in the one
// currency of every amount (metrics/amounts-currency.ts): a cost in another is refused with the fix.
import type { Db } from '../db/client';
import type { CostInput } from '../domain/metrics/costs';
import { invalid, notFound } from '../domain/use-case-error';
import { currencyInUse, currencyRefusal } from './amounts-currency';

export async function addCost(db: Db, input: CostInput) {
  // A cost for a journey or event Harpoon does not have (a mistyped key) would never reach an
  // account: it would stay unallocated for good, while the real one showed no cost.
  if (input.journey !== undefined && !(await db.journeyVersion.findFirst({ where: { key: input.journey }, select: { id: true } }))) {
    throw notFound(`--journey: no journey "${input.journey}"; list the published ones with "harpoon journeys list"`);
  }
  if (input.event !== undefined && !(await db.event.findUnique({ where: { key: input.event }, select: { id: true } }))) {
    throw notFound(`--event: no event "${input.event}"; list them with "harpoon programme-events list"`);
  }
  return db.$transaction(async (tx) => {
    const refusal = currencyRefusal(await currencyInUse(tx), input.currency);
    if (refusal) throw invalid(refusal);
    return tx.cost.create({
      data: {
        amount: input.amount,
        currency: input.currency,
        journeyKey: input.journey ?? null,
        eventKey: input.event ?? null,
        emails: input.emails ?? null,
        period: input.period ?? null,
        note: input.note ?? null,
      },
    });
  });
}

/** Takes back a cost recorded by mistake (its ID is in `costs list`). */
export async function removeCost(db: Db, id: string) {
  if (id.startsWith('event-file:')) {
    throw invalid(`${id} is the cost written in the event file of ${id.slice('event-file:'.length)}: remove its "cost" there and create the event again`);
  }
  const { count } = await db.cost.deleteMany({ where: { id } });
  if (count === 0) throw notFound(`No cost "${id}": list them with "harpoon costs list".`);
}

/** What a cost paid for, in words. */
export const costFor = (c: { journeyKey: string | null; eventKey: string | null; emails: number | null }) =>
  c.journeyKey !== null ? `journey ${c.journeyKey}` : c.eventKey !== null ? `event ${c.eventKey}` : `${c.emails} emails`;

export type CostView = { id: string; amount: number; currency: string; for: string; period: string | null; note: string | null; createdAt: string };

export async function listCosts(db: Db): Promise<CostView[]> {
  const costs = await db.cost.findMany({ orderBy: [{ period: 'asc' }, { createdAt: 'asc' }] });
  return costs.map((c) => ({
    id: c.id,
    amount: c.amount,
    currency: c.currency,
    for: costFor(c),
    period: c.period,
    note: c.note,
    createdAt: c.createdAt.toISOString(),
  }));
}
