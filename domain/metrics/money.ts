// An amount of money: what Harpoon keeps (one rule for every door: the API, the console, the CLI and
// the imports) and how people read it, the same wherever it is shown (the timeline's "won" line, a
// task's details, recorded costs, the report): grouped, two decimals, then the currency when known.
import type { z } from 'zod';

/**
 * The largest amount Harpoon keeps. A trillion is above any deal a B2B company books, so a larger
 * figure is a slip (digits typed twice, a pasted 1e308, which made a report's pipeline Infinity);
 * below it, a report's sums stay exact to the cent (a double holds whole cents exactly up to 2^53,
 * some 90 trillion).
 */
const maxAmount = 1_000_000_000_000;

/**
 * The currency of an amount given without one when no amount has set the currency yet (the
 * console's deal forms offer it first): an amount is never kept without its currency.
 */
export const defaultCurrency = 'EUR';

/** What an amount must be, said after a refused one. */
export const amountRule = `a positive amount with at most 2 decimals, at most ${maxAmount.toLocaleString('en-US')}, such as 48000 or 48000.50`;

/**
 * Why an amount cannot be kept, or undefined when it can: positive, whole cents (it is shown and
 * added up to the cent: 0.001 would be kept but shown as 0.00) and at most maxAmount.
 */
export function amountRefusal(amount: number): string | undefined {
  const problem = !(amount > 0) ? 'is not positive' : amount > maxAmount ? 'is too large' : Number(amount.toFixed(2)) !== amount ? 'has more than 2 decimals' : undefined;
  return problem && `${amount} ${problem}, expected ${amountRule}`;
}

/** amountRefusal as a zod refinement, after whatever read the number (a JSON number, a typed cell). */
export function keptAmount(amount: number, ctx: z.RefinementCtx<number>): void {
  const refusal = amountRefusal(amount);
  if (refusal) ctx.addIssue({ code: 'custom', input: amount, message: refusal });
}

export function formatMoney(amount: number, currency: string | null | undefined): string {
  const figure = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${figure} ${currency}` : figure;
}
