// What each sales action takes from a person (the API's JSON body, the console's form): one schema
// per action, so both refuse bad input with the same words before the workflow's validator decides.
import { z } from 'zod';
import { rejectReasons, type SalesAction } from './vocabulary';

const amount = z.number().positive('expected a positive amount such as 48000');
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected a three-letter ISO code such as EUR');

export const salesActionInputs = {
  accept: z.object({}),
  reject: z.object({ reason: z.enum(rejectReasons), note: z.string().max(2000).optional() }),
  opportunity: z.object({ amount, currency, closeDate: z.iso.date('expected the expected close date as YYYY-MM-DD') }),
  won: z.object({ amount: amount.optional(), currency: currency.optional() }),
  lost: z.object({ amount: amount.optional(), reason: z.string().max(500).optional() }),
} as const satisfies Record<SalesAction['kind'], z.ZodObject>;

export const salesActionKinds = Object.keys(salesActionInputs) as SalesAction['kind'][];
