// HARPOON_DKIM_KEYS: the private keys Harpoon signs its mail with (mail/dkim.ts), one or more per
// sending domain, checked as the configuration is read so a bad path or key stops the start, not
// the first send.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { optionalString } from './env-values';

/** One key: the domain it signs for (d=), its selector (s=) and the PEM private key. */
export type DkimKey = { domain: string; selector: string; privateKeyPem: string; path: string };

const domainName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const selectorName = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;
const keyAdvice = 'make one with: openssl genrsa -out example.com.pem 2048';

/** `domain:selector:/path/to/key.pem,...`; a domain may have several keys (each signs: rotation without a gap). */
export const dkimKeys = optionalString.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const keys: DkimKey[] = [];
  for (const [i, entry] of v.split(',').map((e) => e.trim()).entries()) {
    const [domain = '', selector = '', ...rest] = entry.split(':');
    const file = rest.join(':').trim();
    const at = `entry ${i + 1}`;
    if (!domainName.test(domain.trim().toLowerCase()) || !selectorName.test(selector.trim().toLowerCase()) || file === '') {
      ctx.addIssue({ code: 'custom', message: `${at}: expected <domain>:<selector>:<private key file>, e.g. example.com:harpoon2026:/etc/harpoon/dkim/example.com.pem` });
      continue;
    }
    let pem: string;
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `${at}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); ${keyAdvice}` });
      continue;
    }
    try {
      const key = crypto.createPrivateKey(pem);
      // rsa-sha256 is what every receiver verifies (nodemailer signs nothing else); under 1024 bits, receivers ignore it.
      if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key`);
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) throw new Error('under 1024 bits');
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `${at}: ${file} is not an RSA private key of 1024 bits or more in PEM (${(err as Error).message}); ${keyAdvice}` });
      continue;
    }
    const key = { domain: domain.trim().toLowerCase(), selector: selector.trim().toLowerCase(), privateKeyPem: pem, path: file };
    if (keys.some((k) => k.domain === key.domain && k.selector === key.selector)) {
      ctx.addIssue({ code: 'custom', message: `${at}: ${key.selector}._domainkey.${key.domain} appears twice; a selector names one key` });
      continue;
    }
    keys.push(key);
  }
  return keys;
});

/** The domain of an address, in either form: `Name <user@example.com>` or `user@example.com`. */
export function domainOfAddress(address: string): string {
  const bare = /<([^>]*)>/.exec(address)?.[1] ?? address;
  return bare.slice(bare.lastIndexOf('@') + 1).trim().toLowerCase();
}

/**
 * With DKIM keys configured, Harpoon's own sending address must be one of their domains: unsigned
 * mail from a domain that publishes DMARC is what bulk senders' receivers reject.
 */
export function dkimDomainProblem(keys: DkimKey[] | undefined, mailFrom: string): string | undefined {
  if (!keys) return undefined;
  const fromDomain = domainOfAddress(mailFrom);
  if (keys.some((k) => k.domain === fromDomain)) return undefined;
  const domains = [...new Set(keys.map((k) => k.domain))].join(', ');
  return `HARPOON_DKIM_KEYS: MAIL_FROM sends from ${fromDomain}, but the keys sign for ${domains}; add a key for ${fromDomain} (${keyAdvice})`;
}
