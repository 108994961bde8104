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

/**
 * Why a file that is not a usable private key is not, in words, when its PEM header tells: OpenSSL
 * says "interrupted or cancelled" for a key with a passphrase and "DECODER routines::unsupported"
 * for a public key, neither of which names the mistake.
 */
function pemMistake(pem: string, file: string): string | undefined {
  const publicAdvice = 'give the private key (the public one goes in DNS; harpoon mail dns prints the record)';
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type:\s*4,ENCRYPTED/m.test(pem)) {
    const plain = file.replace(/(\.pem)?$/i, '-plain.pem');
    return `the key file is encrypted with a passphrase: Harpoon needs the key without one (openssl rsa -in ${file} -out ${plain})`;
  }
  if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem)) return `the key file is a public key: ${publicAdvice}`;
  if (/-----BEGIN (X509 |TRUSTED )?CERTIFICATE-----/.test(pem)) return `the key file is a certificate, which holds only a public key: ${publicAdvice}`;
  return undefined;
}

/** One entry's key, or what is wrong with it. */
function readEntry(entry: string): DkimKey | string {
  const [domain = '', selector = '', ...rest] = entry.split(':');
  const file = rest.join(':').trim();
  if (!domainName.test(domain.trim().toLowerCase()) || !selectorName.test(selector.trim().toLowerCase()) || file === '') {
    return 'expected <domain>:<selector>:<private key file>, e.g. example.com:harpoon2026:/etc/harpoon/dkim/example.com.pem';
  }
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return `cannot read the key file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); ${keyAdvice}`;
  }
  try {
    const key = crypto.createPrivateKey(pem);
    // rsa-sha256 is what every receiver verifies (nodemailer signs nothing else); under 1024 bits, receivers ignore it.
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key`);
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) throw new Error('under 1024 bits');
  } catch (err) {
    return pemMistake(pem, file) ?? `the key file is not an RSA private key of 1024 bits or more in PEM (${(err as Error).message}); ${keyAdvice}`;
  }
  return { domain: domain.trim().toLowerCase(), selector: selector.trim().toLowerCase(), privateKeyPem: pem, path: file };
}

/**
 * `domain:selector:/path/to/key.pem,...`; a domain may have several keys (each signs: rotation without a gap).
 * The bad entries are listed in one issue, each named by its own text: the configuration error prints
 * the variable's whole value before every issue, so one issue an entry repeated it for each.
 */
export const dkimKeys = optionalString.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const keys: DkimKey[] = [];
  const problems: string[] = [];
  const entries = v.split(',').map((e) => e.trim());
  for (const [i, entry] of entries.entries()) {
    // A lone entry is the value the error already shows.
    const at = entries.length === 1 ? '' : `entry ${i + 1} (${entry || 'empty'}): `;
    const key = readEntry(entry);
    if (typeof key === 'string') problems.push(`${at}${key}`);
    else if (keys.some((k) => k.domain === key.domain && k.selector === key.selector)) {
      problems.push(`${at}${key.selector}._domainkey.${key.domain} appears twice; a selector names one key`);
    } else keys.push(key);
  }
  // Several problems go one to a line, indented under the "  - " the configuration error lists them with.
  if (problems.length === 1) ctx.addIssue({ code: 'custom', message: problems[0]! });
  else if (problems.length > 1) ctx.addIssue({ code: 'custom', message: [`${problems.length} entries cannot be used:`, ...problems].join('\n      ') });
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
