// What each sales action takes from a person (the API's JSON body, the console's form, the CLI's
// options): one schema per action, so every door refuses bad input with the same words before the
// workflow's validator decides. Strict: a field an action does not take is refused, not dropped
// unsaid (a reason sent with `won` was ignored). Outside domain/sales, which runs in the workflow
// sandbox: the expected close date is checked against this process's today.
import { z } from 'zod';
import { amountRule, keptAmount } from '../domain/metrics/money';
import { closeDateRefusal } from '../domain/sales/close-date';
import { rejectReasons, type SalesAction } from '../domain/sales/vocabulary';
import { quoted } from '../domain/words/quoted';

const amount = z.number({ error: `expected ${amountRule}` }).superRefine(keptAmount).describe(amountRule);
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected a three-letter ISO code such as EUR');
const text = (max: number) => z.string().max(max, `expected at most ${max} characters`);

const closeDate = z.iso.date({ error: 'expected the expected close date as YYYY-MM-DD', abort: true }).superRefine((day, ctx) => {
  const refusal = closeDateRefusal(day, Date.now());
  if (refusal) ctx.addIssue({ code: 'custom', input: day, message: refusal });
});

const reason = z.enum(rejectReasons, {
  error: (issue) => `${issue.input === undefined ? 'a rejection needs a reason' : `${quoted(issue.input)} is not a rejection reason`}, expected one of ${rejectReasons.join(', ')}`,
});

/** An action's fields; any other is refused, naming the ones it takes. */
function takes<S extends z.ZodRawShape>(kind: SalesAction['kind'], shape: S) {
  const fields = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `${kind} does not take ${issue.keys.join(', ')}: ${fields.length ? `it takes ${fields.join(', ')}` : 'it takes no fields'}` : undefined,
  });
}

export const salesActionInputs = {
  accept: takes('accept', {}),
  reject: takes('reject', { reason, note: text(2000).optional() }),
  opportunity: takes('opportunity', { amount, currency, closeDate }),
  // An amount without a currency is in the currency amounts are kept in (use-cases/sales-tasks.ts).
  won: takes('won', { amount: amount.optional(), currency: currency.optional() }),
  lost: takes('lost', { amount: amount.optional(), currency: currency.optional(), reason: text(500).optional() }),
} as const satisfies Record<SalesAction['kind'], z.ZodObject>;

export const salesActionKinds = Object.keys(salesActionInputs) as SalesAction['kind'][];
