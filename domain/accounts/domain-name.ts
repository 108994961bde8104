// An account's natural key is its web domain, written the one way we store it: lower-case ASCII
// (internationalised names in punycode), without scheme, "www.", port, path or trailing dot. So
// "https://WWW.Acme.com/about" and "acme.com" are the same account.
import { domainToASCII } from 'node:url';

const hostname = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** The stored form of a domain, or undefined when the input is not a web domain. */
export function normaliseDomain(input: string): string | undefined {
  const host = input
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .split(/[/?#]/)[0]!
    .replace(/:\d+$/, '')
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  if (host.includes('@')) return undefined;
  const ascii = domainToASCII(host);
  return hostname.test(ascii) ? ascii : undefined;
}

/** A domain suffix ("gov.cn", ".gov.cn", "*.gov.cn") in stored form: no leading dot or wildcard. */
export function normaliseDomainSuffix(input: string): string | undefined {
  const suffix = input.trim().toLowerCase().replace(/^\*?\.+/, '');
  if (/^[a-z]{2,63}$/.test(suffix)) return suffix;
  return normaliseDomain(suffix);
}

/** The part of a domain its owner chose, for likeness: all but the top-level label (acme in acme.com). */
const ownName = (domain: string) => (domain.includes('.') ? domain.slice(0, domain.lastIndexOf('.')) : domain);

const firstWord = (name: string) => name.split(/[^\p{L}\p{N}]+/u)[0] ?? '';

/** Letters to insert, delete or change to turn `a` into `b` (Levenshtein), counted by code point. */
function editDistance(a: string, b: string): number {
  const [from, to] = [Array.from(a), Array.from(b)];
  // row[j]: the distance from the letters of `from` read so far to the first j letters of `to`.
  let row = Array.from({ length: to.length + 1 }, (_, j) => j);
  for (let i = 1; i <= from.length; i++) {
    const next = [i];
    for (let j = 1; j <= to.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (from[i - 1] === to[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[to.length]!;
}

/**
 * The domains of `known` a person may have meant by `typed`, closest first, for "did you mean":
 * compared on the names before the top-level label, close when they differ by at most two letters
 * (a typo, a dropped hyphen; fewer in a short name, where two letters make another name) or begin
 * with the same word of four letters or more (thin-data and thin, not think). A word they merely
 * share elsewhere (one in rj-one, alpen-components and keystone-fabrication) makes no likeness.
 * Given the forms a person types (Unicode), munchen-tech finds münchen-tech.
 */
export function closeDomains(typed: string, known: readonly string[], limit = 3): string[] {
  const name = ownName(typed);
  const word = firstWord(name);
  return known
    .flatMap((domain) => {
      const other = ownName(domain);
      const distance = editDistance(name, other);
      const typo = distance <= Math.min(2, Math.floor(Math.min(name.length, other.length) / 3));
      return typo || (word.length >= 4 && word === firstWord(other)) ? [{ domain, distance }] : [];
    })
    .sort((a, b) => a.distance - b.distance || a.domain.localeCompare(b.domain))
    .slice(0, limit)
    .map((c) => c.domain);
}
