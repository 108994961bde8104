// Every amount Harpoon keeps (costs, and the deal amounts sales report) is in one currency, because
// reports add them up and Harpoon converts nothing: the first amount recorded sets it, and an amount
// in another currency is refused at the door with the fix, instead of every report failing later.
import type { Db, Tx } from '../db/client';
import { field } from '../domain/fields/field-ref';

/** The currency amounts are kept in, or null before the first; `exceptTask`: the task whose own amount is about to change. */
export async function currencyInUse(client: Db | Tx, exceptTask?: string): Promise<string | null> {
  const cost = await client.cost.findFirst({ select: { currency: true }, orderBy: { createdAt: 'asc' } });
  if (cost) return cost.currency;
  const deal = await client.salesTask.findFirst({
    where: { amount: { not: null }, currency: { not: null }, ...(exceptTask ? { id: { not: exceptTask } } : {}) },
    select: { currency: true },
    orderBy: { createdAt: 'asc' },
  });
  return deal?.currency ?? null;
}

/** Why an amount in `given` cannot be recorded, or null when it can: the words, for a door or a file to say where. */
export function currencyMismatch(inUse: string | null, given: string): string | null {
  if (inUse === null || inUse === given) return null;
  return `amounts are kept in ${inUse}; convert this amount to ${inUse} and record it in ${inUse}`;
}

/** Why an amount in `given` cannot be recorded, naming the currency field, or null when it can. */
export function currencyRefusal(inUse: string | null, given: string): string | null {
  const mismatch = currencyMismatch(inUse, given);
  return mismatch && `${field('currency')}: ${mismatch}`;
}
