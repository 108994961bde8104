// How each ad platform wants a person's identifiers normalised before they are SHA-256 hashed, so
// the hash Harpoon sends equals the one the platform computes from the address its member gave it.
//   - Both: leading and trailing spaces removed, lower-case, hex-encoded SHA-256 (LinkedIn's
//     contact-list template and Google's Customer Match "Hashed formatting guidelines").
//   - Google only: for gmail.com and googlemail.com addresses, the dots of the part before the @ and
//     any "+suffix" are removed (Gmail ignores both, so Google matches the account they all reach).
import { createHash } from 'node:crypto';

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The address as both platforms compare it: trimmed, lower-case. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const gmailDomains = new Set(['gmail.com', 'googlemail.com']);

/** The address as Google Customer Match compares it: Gmail addresses without dots or "+suffix". */
export function normaliseEmailForGoogle(email: string): string {
  const address = normaliseEmail(email);
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const [local, domain] = [address.slice(0, at), address.slice(at + 1)];
  if (!gmailDomains.has(domain)) return address;
  return `${local.split('+')[0]!.replaceAll('.', '')}@${domain}`;
}

/** A first or last name as Google hashes it: trimmed, lower-case; null when there is none (an empty cell, never the hash of nothing). */
export function normaliseName(name: string | null): string | null {
  const text = name?.trim().toLowerCase().replace(/\s+/g, ' ') ?? '';
  return text === '' ? null : text;
}
