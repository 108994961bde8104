// Field schemas shared by the import row schemas. Cells arrive as CSV strings or JSON values; each
// field trims, treats a blank cell as "not given", accepts the forms people actually type
// ("Problem Owner", "1,200", "Germany") and, when it must refuse, says what is wrong and what was
// expected, in one sentence that the import prints after "row N, column X:".
import { z } from 'zod';
import { normaliseDomain } from './domain-name';
import { isCalendarDay } from '../time/local-time';

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** A zod error function: "is empty, expected X" or '"v" is not a Y, expected X'. */
export function fieldError(noun: string, expected: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `is empty, expected ${expected}` : `${shown(issue.input)} is not ${noun}, expected ${expected}`;
}

function blankToUndefined(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function required<T extends z.ZodType>(schema: T, prepare: (value: unknown) => unknown = (v) => v) {
  return z.preprocess((value) => {
    const present = blankToUndefined(value);
    return present === undefined ? undefined : prepare(present);
  }, schema);
}

/** Optional fields: a blank cell is `undefined`, which imports read as "leave what is stored". */
function optional<T extends z.ZodType>(schema: T, prepare?: (value: unknown) => unknown) {
  return required(schema.optional(), prepare);
}

const text = (max: number, expected: string) =>
  z.string({ error: fieldError('text', expected) }).max(max, { error: fieldError(`at most ${max} characters long`, expected) });

export const requiredText = (max: number, expected: string) => required(text(max, expected));
export const optionalText = (max: number, expected: string) => optional(text(max, expected));

const emailExpected = 'an email address such as name@company.com';
const email = z.email({ error: fieldError('an email address', emailExpected) });
const lowerCase = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
export const requiredEmail = required(email, lowerCase);
export const optionalEmail = optional(email, lowerCase);

const domainExpected = 'a web domain such as acme.com (scheme, "www." and paths are removed for you)';
export const requiredDomain = required(
  z.string({ error: fieldError('a web domain', domainExpected) }).transform((value, ctx) => {
    const domain = normaliseDomain(value);
    if (domain) return domain;
    ctx.addIssue({ code: 'custom', input: value, message: fieldError('a web domain', domainExpected)({ input: value }) });
    return z.NEVER;
  }),
);

/** Case, spaces and hyphens don't matter: "Problem Owner" and "problem-owner" mean problem_owner. */
const enumKey = (value: unknown) => (typeof value === 'string' ? value.toLowerCase().replace(/[\s-]+/g, '_') : value);

function enumField<const T extends readonly [string, ...string[]]>(values: T, noun: string) {
  const canonical = new Map(values.map((v) => [enumKey(v) as string, v]));
  const schema = z.enum(values, { error: fieldError(noun, `one of ${values.join(', ')}`) });
  return { schema, prepare: (value: unknown) => canonical.get(enumKey(value) as string) ?? value };
}

export function requiredEnum<const T extends readonly [string, ...string[]]>(values: T, noun: string) {
  const { schema, prepare } = enumField(values, noun);
  return required(schema, prepare);
}

export function optionalEnum<const T extends readonly [string, ...string[]]>(values: T, noun: string) {
  const { schema, prepare } = enumField(values, noun);
  return optional(schema, prepare);
}

export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const timeZoneError = fieldError('an IANA time zone', 'a name such as Europe/Berlin, Asia/Shanghai or UTC');
export const optionalTimeZone = optional(z.string({ error: timeZoneError }).refine(isTimeZone, { error: timeZoneError }));

/** "1,200", "1 200" and "1_200" are 1200. */
const withoutThousandsSeparators = (value: string) => value.replace(/(?<=\d)[,\s_](?=\d{3}(\D|$))/g, '');

/** Whole numbers, with or without thousands separators. */
function wholeNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const compact = withoutThousandsSeparators(value);
  return /^-?\d+$/.test(compact) ? Number(compact) : value;
}

export function optionalCount(noun: string, expected: string) {
  const error = fieldError(noun, expected);
  return optional(z.number({ error }).int({ error }).min(0, { error }).max(100_000_000, { error }), wholeNumber);
}

export function optionalTier() {
  const error = fieldError('a tier', '1 (one-to-one), 2 (one-to-few) or 3 (one-to-many)');
  return optional(z.union([z.literal(1), z.literal(2), z.literal(3)], { error }), wholeNumber);
}

const dateExpected = 'a date such as 2026-03-31 or 2026-03-31T14:00:00Z';
const dateError = fieldError('a date', dateExpected);
const date = z.string({ error: dateError }).transform((value, ctx) => {
  const parts = /^(\d{4})-(\d{2})-(\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  const dayExists = parts !== null && isCalendarDay(value);
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (dayExists && !Number.isNaN(date.getTime())) return date;
  ctx.addIssue({ code: 'custom', input: value, message: dateError({ input: value }) });
  return z.NEVER;
});
export const optionalDate = optional(date);
export const requiredDate = required(date);

/** Clocks drift between the system that wrote the file and this one. */
const clockSkewMs = 5 * 60_000;
/**
 * A date that has already come: when a consent was given. A later one would outrank every real
 * answer (only a newer consent_at re-subscribes someone who unsubscribed).
 */
export const optionalPastDate = optional(
  date.refine((d) => d.getTime() <= Date.now() + clockSkewMs, {
    error: (issue) => `${shown(issue.input instanceof Date ? issue.input.toISOString() : issue.input)} is in the future, expected the moment it happened, no later than now`,
  }),
);

const amountExpected = 'an amount such as 48000 or 48,000.50';
/** A positive amount of money; thousands separators are forgiven. */
export const optionalAmount = optional(
  z.number({ error: fieldError('an amount', amountExpected) }).positive({ error: fieldError('a positive amount', amountExpected) }),
  (value) => {
    if (typeof value !== 'string') return value;
    const compact = withoutThousandsSeparators(value);
    return /^\d+(\.\d+)?$/.test(compact) ? Number(compact) : value;
  },
);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const alpha2Codes = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26))).filter(
  (code) => {
    const name = regionNames.of(code);
    return name !== undefined && name !== code && !/unknown/i.test(name);
  },
);
const countryByName = new Map(alpha2Codes.map((code) => [regionNames.of(code)!.toLowerCase(), code]));
const countryError = fieldError('a country', 'an ISO 3166 code such as DE or CN, or an English name such as Germany');

/** ISO 3166-1 alpha-2 code; English country names are accepted and converted ("China" is CN). */
export const optionalCountry = optional(
  z.string({ error: countryError }).transform((value, ctx) => {
    const upper = value.toUpperCase();
    const code = alpha2Codes.includes(upper) ? upper : countryByName.get(value.toLowerCase());
    if (code) return code;
    ctx.addIssue({ code: 'custom', input: value, message: countryError({ input: value }) });
    return z.NEVER;
  }),
);

/** Free-form custom fields: CSV columns named attr.<name>, or a JSON "attributes" object. */
export const customAttributes = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]), {
    error: fieldError('a set of custom fields', 'an object of names to text, number or true/false values'),
  })
  .optional();
export type CustomAttributes = NonNullable<z.infer<typeof customAttributes>>;
