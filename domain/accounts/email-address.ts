// One spelling of an email address, for storing it and for every lookup by it: imports store
// addresses this way, so a person typed into the CLI or sent to the API as they are written
// (`Hans@München-Tech.example `) finds the contact the import stored (`hans@xn--mnchen-tech-thb.example`).
import { z } from 'zod';

/** zod's address pattern, but a top-level domain may be punycode as well (Russia's .рф is .xn--p1ai). */
export const emailPattern = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)$/;

/**
 * Trimmed, lower case, and an internationalised domain in punycode (the form an account's domain is
 * stored in). Something that is no address comes back trimmed and in lower case, and matches nothing.
 */
export function emailKey(value: string): string {
  const lower = value.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  const domain = at < 0 ? '' : asciiDomain(lower.slice(at + 1));
  return domain ? `${lower.slice(0, at)}@${domain}` : lower;
}

/**
 * The domain in punycode, as node:url's domainToASCII gives it, but by the URL parser every runtime
 * has: domain/engagement reads addresses too, and runs where Node's modules are not allowed
 * (test/journey/workflow-safety.test.ts). Empty for what no host name can be.
 */
function asciiDomain(domain: string): string {
  if (/^[\x21-\x7e]*$/.test(domain)) return domain;
  // Characters that would make the parser read a port, a path or credentials instead of a host.
  if (/[\s/\\?#@:%[\]]/.test(domain) || !URL.canParse(`http://${domain}/`)) return '';
  return new URL(`http://${domain}/`).hostname;
}

/** An address given to a lookup or a filter (API, CLI), read as imports read it; refused with `error`. */
export const emailAddress = (error: string) => z.string({ error }).overwrite(emailKey).regex(emailPattern, error).meta({ format: 'idn-email' });
