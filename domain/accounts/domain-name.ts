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
