// What erasing a person leaves behind, as pure functions: the hash that keeps them suppressed, text
// with their name and address taken out, and a timeline entry cut down to what the counts need.
import { createHash } from 'node:crypto';
import { emailKey } from '../accounts/email-address';

export const erasedMark = '[erased]';

/** SHA-256 of the lower-case address: enough to recognise the person again, not to read their address back. */
export const emailHash = (email: string) => createHash('sha256').update(emailKey(email)).digest('hex');

/** The address an erased contact keeps: unique (the column is), and no one's. */
export const erasedAddress = (contactId: string) => `erased+${contactId}@erased.invalid`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with every occurrence of the person's identifiers (address, full name) replaced, whatever the case. */
export function scrubText(text: string, identifiers: readonly string[]): string {
  const needles = identifiers.map((i) => i.trim()).filter((i) => i.length >= 3);
  if (needles.length === 0) return text;
  return text.replace(new RegExp(needles.map(escape).join('|'), 'gi'), erasedMark);
}

/** A JSON value with the person's identifiers replaced in every string, keys included. */
export function scrubJson(value: unknown, identifiers: readonly string[]): unknown {
  if (typeof value === 'string') return scrubText(value, identifiers);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, identifiers));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubText(k, identifiers), scrubJson(v, identifiers)]));
  }
  return value;
}

/**
 * The fields of an erased person's touch that the metrics and the timeline's shape need (whether it
 * counts, which event, tag, step or template); everything else (free-form properties a source sent,
 * user agents, error texts) goes, since any of it may describe the person.
 */
const keptForCounts = ['counted', 'machine', 'eventKey', 'tag', 'step', 'template', 'status', 'kind'] as const;

export function countsOnly(detail: unknown, identifiers: readonly string[]): Record<string, unknown> {
  const source = detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? (detail as Record<string, unknown>) : {};
  const kept = Object.fromEntries(keptForCounts.filter((k) => source[k] !== undefined).map((k) => [k, scrubJson(source[k], identifiers)]));
  return { ...kept, erased: true };
}
