// The kinds of value an environment variable holds (a port, a yes/no, a duration, a URL, a sender),
// each a zod schema that turns the text into a typed value or says what was expected. An empty
// value never reaches them: env.ts takes it for unset.
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { z } from 'zod';
import { emailKey, emailPattern } from '../domain/accounts/email-address';
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

export const optionalString = z.string().trim().optional();

/** A duration such as 10s or 2m, or 0 for "off". */
export const windowDuration = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = /^0[smhdw]?$/.test(v) ? 0 : parseDuration(v);
      if (ms === null || ms > 3_600_000) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration such as 10s, 30s or 2m (at most 1h), or 0 to turn the rule off' });
        return z.NEVER;
      }
      return ms;
    });

export const url = (what: string) =>
  optionalString.refine((v) => v === undefined || URL.canParse(v), `expected ${what}`);

/**
 * One sender, `Name <address@domain>` or `address@domain`. nodemailer reads more (a list, a group, a
 * comment, a name with no address at all); the DKIM check (dkim-keys.ts domainOfAddress) and an
 * invitation's organizer read only these two, so anything else would be read three ways.
 */
export const sender = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((v) => {
      const [mailbox, ...more] = addressparser(v);
      if (!mailbox || more.length > 0 || !('address' in mailbox)) return false;
      return emailPattern.test(emailKey(mailbox.address)) && (v === mailbox.address || v.endsWith(`<${mailbox.address}>`));
    }, 'expected Name <address@domain> or address@domain (the sender of every email)');
