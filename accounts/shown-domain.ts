// A domain as a person reads it. An internationalised domain is stored, looked up and given to
// scripts (--json, the API) in punycode (xn--mnchen-tech-thb.example), but a person knows it by its
// own letters (münchen-tech.example), which they can also type back: lookups convert it.
import { domainToUnicode } from 'node:url';

export function shownDomain(domain: string): string {
  // domainToUnicode gives '' for what is no host name; such a value is shown as stored.
  return domainToUnicode(domain) || domain;
}

/** An address with its domain as a person reads it (hans@münchen-tech.example). */
export function shownEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? email : `${email.slice(0, at + 1)}${shownDomain(email.slice(at + 1))}`;
}
