// Field schemas shared by the import row schemas. Cells arrive as CSV strings or JSON values; each
// field trims, treats a blank cell as "not given", accepts the forms people actually type
// ("Problem Owner", "1,200", "Germany") and, when it must refuse, says what is wrong and what was
// expected, in one sentence that the import prints after "row N, column X:".
import { z } from 'zod';
import { normaliseDomain } from './domain-name';
import { emailKey, emailPattern } from './email-address';
import { quoted } from '../words/quoted';
import { isCalendarDay } from '../time/local-time';
import { keptAmount } from '../metrics/money';
import { countryCodeOf, notACountry } from './country';

const shown = quoted;

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

const lineBreak = /[\n\r\v\f\u0085\u2028\u2029]/;
const controlCharacter = /[\p{Cc}\u2028\u2029]/u;

/**
 * Why a one-line value cannot be stored as typed. A line break from a wrapped spreadsheet cell, a tab
 * or another control character would break every table and greeting the value appears in, and
 * joining the lines could as well glue an address onto a name: refused, so the person who typed it
 * decides what it should read.
 */
function notOneLine(value: string, expected: string): string | undefined {
  if (lineBreak.test(value)) return `${shown(value)} contains a line break, expected ${expected}, on one line`;
  const found = controlCharacter.exec(value);
  if (!found) return undefined;
  const code = `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `${shown(value)} contains a control character (${found[0] === '\t' ? 'a tab' : code}), expected ${expected}, without it`;
}

/** A zod check refusing a value that is not one line (notOneLine), for any schema of one-line text. */
export function oneLine(expected: string) {
  return (value: string, ctx: z.RefinementCtx<string>): void => {
    const problem = notOneLine(value, expected);
    if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
  };
}

const text = (max: number, expected: string) =>
  z
    .string({ error: fieldError('text', expected) })
    .max(max, { error: fieldError(`at most ${max} characters long`, expected) })
    .superRefine(oneLine(expected));

export const requiredText = (max: number, expected: string) => required(text(max, expected));
export const optionalText = (max: number, expected: string) => optional(text(max, expected));

const emailExpected = 'an email address such as name@company.com';
const emailError = fieldError('an email address', emailExpected);
/** A refusal shows the address as typed, not its stored form. The API document says it may be an IDN one. */
const email = z.string({ error: emailError }).meta({ format: 'idn-email' }).transform((value, ctx) => {
  const address = emailKey(value);
  if (emailPattern.test(address)) return address;
  ctx.addIssue({ code: 'custom', input: value, message: emailError({ input: value }) });
  return z.NEVER;
});
export const requiredEmail = required(email);
export const optionalEmail = optional(email);

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

/**
 * The zone's own spelling of its name: Intl accepts "europe/berlin" too, and a zone stored as typed
 * would differ from "Europe/Berlin" in the next import, which then reports a change back and forth
 * (and an event's calendar entry finds the zone's definition only under this spelling).
 */
export const canonicalTimeZone = (name: string) => new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;

const timeZoneError = fieldError('an IANA time zone', 'a name such as Europe/Berlin, Asia/Shanghai or UTC');
export const optionalTimeZone = optional(z.string({ error: timeZoneError }).refine(isTimeZone, { error: timeZoneError }).transform(canonicalTimeZone));

/**
 * Why a number with a point before three digits, such as `250.000`, is not read: it is 250 where the
 * point marks decimals, and 250,000 where it separates thousands, as a spreadsheet saved where the
 * comma is the decimal mark writes it. A row does not say which convention its file follows (a
 * semicolon file is the European one, but a comma file or JSON may hold a figure pasted from one),
 * and either reading is wrong by a factor of 1,000 for someone, so the value is refused in every
 * file, naming both readings and how to write each. Only 1 to 3 digits, a point and exactly 3
 * digits are ambiguous: `0.500`, `1250.000` and `12.50` can only be decimals. A comma before three
 * digits (`1,200`) stays a thousands separator: a decimal comma is rarely followed by exactly three
 * digits, while `1,200` for 1200 is written everywhere.
 */
export function ambiguousPoint(text: string): string | undefined {
  const parts = /^([-+]?)([1-9]\d{0,2})\.(\d{3})(\s*%)?$/.exec(text);
  if (!parts) return undefined;
  const [, sign = '', whole = '', fraction = '', percent = ''] = parts;
  const decimal = String(Number(`${whole}.${fraction}`));
  // 1.234 is already the shortest decimal form; a trailing zero makes it unambiguous.
  const decimalWritten = decimal === `${whole}.${fraction}` ? `${decimal}0` : decimal;
  const thousands = Number(whole + fraction);
  const as = (n: string) => `${sign}${n}${percent}`;
  return `${shown(text)} could mean ${as(decimal)} or ${as(thousands.toLocaleString('en'))}, expected ${as(String(thousands))} or ${as(decimalWritten)} (a point only before decimals)`;
}

/**
 * A number as a spreadsheet writes it, unsigned: `1,200,000`, `85 000`, `1_200`, `12.5`. A comma,
 * space or underscore only between groups of three digits and a point only before decimals, so a
 * decimal comma (`12,5`, `1.200,50`), which would read as 125 or 1.2, is no number; nor is an
 * ambiguous point (ambiguousPoint).
 */
export function readNumber(text: string): number | undefined {
  if (!/^(\d{1,3}([,\s_]\d{3})+|\d+)(\.\d+)?$/.test(text) || ambiguousPoint(text)) return undefined;
  const n = Number(text.replace(/[,\s_]/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

const asNumber = (value: unknown) => (typeof value === 'string' ? (readNumber(value) ?? value) : value);

/** A number field's error: both readings of an ambiguous point, else what was expected. */
function numberError(noun: string, expected: string) {
  const error = fieldError(noun, expected);
  return (issue: { input?: unknown }) => (typeof issue.input === 'string' && ambiguousPoint(issue.input)) || error(issue);
}

export function optionalCount(noun: string, expected: string) {
  const error = numberError(noun, expected);
  return optional(z.number({ error }).int({ error }).min(0, { error }).max(100_000_000, { error }), asNumber);
}

export function optionalTier() {
  const error = numberError('a tier', '1 (one-to-one), 2 (one-to-few) or 3 (one-to-many)');
  return optional(z.union([z.literal(1), z.literal(2), z.literal(3)], { error }), asNumber);
}

const dateExpected = 'a date such as 2026-03-31 or 2026-03-31T14:00:00Z';
const dateError = fieldError('a date', dateExpected);
const dateTime = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The instant a date or time as typed means, or undefined when it is none. A time without an offset
 * is UTC, as a day is (its start): read in the server's zone, the same file would give different
 * instants on different machines.
 */
export function instantOf(text: string): Date | undefined {
  const parts = dateTime.exec(text);
  if (!parts || !isCalendarDay(text)) return undefined;
  const [, day, time = '00:00', offset = 'Z'] = parts;
  const date = new Date(`${day}T${time}${offset.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A date field; `refuse` says why a date that reads is still wrong here. */
function dateField(refuse: (text: string, date: Date) => string | undefined = () => undefined) {
  return z.string({ error: dateError }).transform((value, ctx) => {
    const date = instantOf(value);
    const problem = date ? refuse(value, date) : dateError({ input: value });
    if (problem === undefined) return date!;
    ctx.addIssue({ code: 'custom', input: value, message: problem });
    return z.NEVER;
  });
}
export const optionalDate = optional(dateField());
export const requiredDate = required(dateField());

/** Clocks drift between the system that wrote the file and this one. */
const clockSkewMs = 5 * 60_000;
/** A day has begun somewhere once it has begun at UTC+14, the earliest clock on Earth. */
const earliestOffsetMs = 14 * 3_600_000;

/** Whether `date`, as typed in `text`, has not happened yet: a day counts from its first hour anywhere. */
function inTheFuture(text: string, date: Date): boolean {
  return text.length === 10 ? date.getTime() - earliestOffsetMs > Date.now() : date.getTime() > Date.now() + clockSkewMs;
}

/**
 * A date that has already come, such as when a consent was given (a later one would outrank every
 * real answer: only a newer consent_at re-subscribes someone who unsubscribed) or an opportunity
 * opened.
 */
const pastDate = dateField((text, date) =>
  inTheFuture(text, date) ? `${shown(text)} is in the future, expected the moment it happened, no later than now` : undefined,
);
export const optionalPastDate = optional(pastDate);
export const requiredPastDate = required(pastDate);

const amountExpected = 'a positive amount such as 48000 or 48,000.50';
/** An amount of money as typed (readNumber: thousands separators are forgiven, a decimal comma is not). */
const amount = z.number({ error: numberError('an amount', amountExpected) }).superRefine(keptAmount);
export const optionalAmount = optional(amount, asNumber);
/** The same, where a blank is no amount but a mistake (the CLI's --amount given empty). */
export const requiredAmount = required(amount, asNumber);

const countryExpected = 'an ISO 3166-1 code such as DE or CN, or an English name such as Germany';
const countryError = fieldError('a country', countryExpected);

/** ISO 3166-1 alpha-2 code (country.ts); English country names are accepted and converted ("China" is CN, UK is GB). */
export const optionalCountry = optional(
  z.string({ error: countryError }).transform((value, ctx) => {
    const code = countryCodeOf(value);
    if (code) return code;
    ctx.addIssue({ code: 'custom', input: value, message: notACountry(value, countryExpected) });
    return z.NEVER;
  }),
);

/**
 * A column whose stored value a file can take away: `word` (none) clears it, empty keeps what is
 * stored, as every empty column does; anything else is read by `field`.
 */
export function clearable<T>(field: z.ZodType<T | undefined, unknown>, cleared: string, word = 'none') {
  return z
    .unknown()
    .transform((value, ctx): T | null | undefined => {
      if (typeof value === 'string' && value.trim().toLowerCase() === word) return null;
      const read = field.safeParse(value);
      if (read.success) return read.data;
      for (const issue of read.error.issues) ctx.addIssue({ code: 'custom', input: value, message: `${issue.message}, or ${word} for ${cleared}` });
      return z.NEVER;
    })
    .optional();
}

/** As long as a company name or a job title: a custom field is a label or a figure, not a document. */
const customTextMax = 200;
const customValueExpected = `text of up to ${customTextMax} characters`;

/**
 * Free-form custom fields: CSV columns named attr.<name>, or a JSON "attributes" object. Text
 * follows the one-line rule of every other text (it lands in the same tables, exports and
 * templates); a nested object or list has no column to show in and is refused.
 */
export const customAttributes = z
  .record(
    z.string(),
    z.union([text(customTextMax, customValueExpected), z.number(), z.boolean()], {
      error: fieldError('a custom field value', `${customValueExpected} on one line, a number or true/false`),
    }),
    { error: fieldError('a set of custom fields', 'an object of names to text, number or true/false values') },
  )
  .optional();
export type CustomAttributes = NonNullable<z.infer<typeof customAttributes>>;
