// The kinds of value an environment variable holds (a port, a yes/no, a duration, a URL), each a zod
// schema that turns the text into a typed value or says what was expected.
import { z } from 'zod';
import { parseDuration } from '../domain/time/duration';

export const port = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a port number such as 8080' })
    .int('expected a whole number')
    .min(1, 'expected a port between 1 and 65535')
    .max(65535, 'expected a port between 1 and 65535')
    .default(fallback);

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** A duration such as 10s or 2m, or 0 for "off". */
export const windowDuration = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((v, ctx) => {
      const text = v === '' ? fallback : v;
      const ms = /^0[smhdw]?$/.test(text) ? 0 : parseDuration(text);
      if (ms === null || ms > 3_600_000) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration such as 10s, 30s or 2m (at most 1h), or 0 to turn the rule off' });
        return z.NEVER;
      }
      return ms;
    });

export const url = (what: string) =>
  optionalString.refine((v) => v === undefined || URL.canParse(v), `expected ${what}`);
