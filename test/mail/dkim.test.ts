// Signed mail as a receiving mailbox provider checks it: messages sent through the real transport to
// the real SMTP sink, then authenticated by mailauth (an independent implementation of SPF, DKIM and
// DMARC) against exactly the DNS records `harpoon mail dns` tells the user to publish.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { evaluateDmarc } from 'mailauth/lib/dmarc';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { spf } from 'mailauth/lib/spf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, projectRoot, type Config } from '../../config/env';
import { composeEmail, messageIdFor } from '../../mail/compose';
import { dnsRecordsFor, type DnsRecord } from '../../mail/dns-records';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { createMailer } from '../../worker/mailer';
import { contextFor, PUBLIC_URL, SECRET, tempDir } from './support';

const run = promisify(execFile);
const dir = tempDir('dkim');

function keyFile(name: string, bits = 2048): string {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
  const file = path.join(dir, `${name}.pem`);
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return file;
}

// Two keys for the company's domain (a rotation in progress) and one for a second brand.
const dkimKeys = `example.com:h2026a:${keyFile('a')},example.com:h2026b:${keyFile('b')},brand.example:news:${keyFile('brand')}`;

let sink: SmtpSink;
let cfg: Config;

beforeAll(async () => {
  sink = await startSmtpSink({ port: 0, outboxDir: path.join(dir, 'outbox') });
  cfg = loadConfig({ HARPOON_DATA_DIR: dir, SMTP_URL: sink.url, MAIL_FROM: 'Acme Marketing <marketing@example.com>', HARPOON_DKIM_KEYS: dkimKeys });
  const mailer = createMailer(cfg, () => {});
  try {
    for (const from of [cfg.smtp.from, 'Brand News <hello@brand.example>', 'Someone <x@unsigned.example>']) {
      const key = `journey:acme/intro/${from.length}`;
      await mailer.transport.sendMail(
        await composeEmail({ templateKey: 'intro', context: contextFor('executive', 'executive'), to: 'mia@acme.example', from, idempotencyKey: key, messageId: messageIdFor(key), publicUrl: PUBLIC_URL, secret: SECRET }),
      );
    }
  } finally {
    mailer.transport.close();
  }
});

afterAll(() => sink.stop());

/** The received message whose From header is at `domain`. */
function received(domain: string): Buffer {
  const outbox = path.join(dir, 'outbox');
  const raw = readdirSync(outbox).map((f) => readFileSync(path.join(outbox, f)));
  return raw.find((r) => new RegExp(`^From:.*@${domain.replace('.', '\\.')}>`, 'm').test(r.toString('latin1')))!;
}

/** DNS as it stands once the user published what `harpoon mail dns` printed for these domains. */
function publishedDns(domains: string[]) {
  const txt = new Map<string, string>();
  for (const domain of domains) {
    const { records } = dnsRecordsFor({ domain, keys: cfg.smtp.dkim ?? [], relayHost: 'relay.example.com', dmarcPolicy: 'reject', reportTo: `dmarc@${domain}` });
    for (const r of records as DnsRecord[]) txt.set(r.name, r.value);
  }
  return async (name: string, type: string) => {
    if (type === 'TXT' && txt.has(name)) return [[txt.get(name)!]];
    if (type === 'A' && name === 'relay.example.com') return ['192.0.2.25'];
    throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
  };
}

/**
 * What a receiver decides, the way mailauth's authenticate() composes it (DKIM, then SPF for the
 * relay's address, then DMARC over both); called part by part because authenticate() also loads BIMI,
 * whose HTTP client needs Node 22.
 */
async function check(message: Buffer) {
  const resolver = publishedDns(['example.com', 'brand.example']);
  const dkim = await dkimVerify(message, { resolver });
  const spfResult = await spf({ ip: '192.0.2.25', helo: 'relay.example.com', sender: 'marketing@example.com', mta: 'mx.receiver.test', resolver });
  const { response: dmarc } = await evaluateDmarc({
    headerFrom: dkim.headerFrom,
    spfDomains: spfResult && spfResult.status.result === 'pass' && spfResult.domain ? [spfResult.domain] : [],
    dkimDomains: dkim.results.flatMap((r) => (r.status.result === 'pass' && r.signingDomain ? [{ id: r.id, domain: r.signingDomain, aligned: r.status.aligned, underSized: r.status.underSized }] : [])),
    resolver,
  });
  return { dkim, spf: spfResult, dmarc };
}

describe('DKIM signing', () => {
  it('signs with every key of the From domain, and the published records make SPF, DKIM and DMARC pass', async () => {
    const result = await check(received('example.com'));
    expect(result.dkim.results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([
      ['example.com', 'h2026a', 'pass'],
      ['example.com', 'h2026b', 'pass'],
    ]);
    expect(result.spf && result.spf.status.result).toBe('pass');
    expect(result.dmarc && result.dmarc.status.result).toBe('pass');
  });

  it('signs mail from a second sending domain with that domain\'s key', async () => {
    const result = await check(received('brand.example'));
    expect(result.dkim.results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([['brand.example', 'news', 'pass']]);
  });

  it('a signature breaks when the message is changed on the way, and mail from a domain without a key goes unsigned', async () => {
    const tampered = Buffer.from(received('example.com').toString('latin1').replace('Acme Axles', 'Acme Axels'), 'latin1');
    expect((await check(tampered)).dkim.results.map((r) => r.status.result)).toEqual(['fail', 'fail']);
    expect(received('unsigned.example').toString('latin1')).not.toMatch(/^DKIM-Signature:/im);
  });
});

describe('HARPOON_DKIM_KEYS', () => {
  const base = { HARPOON_DATA_DIR: dir, MAIL_FROM: 'Acme <marketing@example.com>' };
  const problems = (keys: string, env: Record<string, string> = {}) => {
    try {
      loadConfig({ ...base, ...env, HARPOON_DKIM_KEYS: keys });
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
  };

  it('names the entry and the fix when a key cannot be used', () => {
    expect(problems('example.com:sel')).toEqual(['HARPOON_DKIM_KEYS="example.com:sel": expected <domain>:<selector>:<private key file>, e.g. example.com:harpoon2026:/etc/harpoon/dkim/example.com.pem']);
    expect(problems(`example.com:a:${path.join(dir, 'missing.pem')}`)).toEqual([expect.stringMatching(/missing\.pem": cannot read the key file \(ENOENT\); make one with: openssl genrsa/)]);
    const notAKey = path.join(dir, 'not-a-key.pem');
    writeFileSync(notAKey, 'hello');
    expect(problems(`example.com:a:${keyFile('ok')},example.com:b:${notAKey}`)).toEqual([
      expect.stringMatching(/": entry 2 \(example\.com:b:.*not-a-key\.pem\): the key file is not an RSA private key/),
    ]);
    expect(problems(`example.com:a:${keyFile('small', 512)}`)).toEqual([expect.stringMatching(/under 1024 bits/)]);
  });

  it('lists several bad entries under the variable, each named by its own text, showing the value once', () => {
    const missing = path.join(dir, 'gone.pem');
    const good = keyFile('fine');
    const value = `example.com:s1:${missing},example.com:s2:${good},example.com,example.com:s2:${good}`;
    let message = '';
    try {
      loadConfig({ ...base, HARPOON_DKIM_KEYS: value });
    } catch (err) {
      message = (err as ConfigError).message;
    }
    expect(message.split(value)).toHaveLength(2);
    expect(message).toBe(
      [
        'Invalid configuration:',
        `  - HARPOON_DKIM_KEYS=${JSON.stringify(value)}: 3 entries cannot be used:`,
        `      entry 1 (example.com:s1:${missing}): cannot read the key file (ENOENT); make one with: openssl genrsa -out example.com.pem 2048`,
        '      entry 3 (example.com): expected <domain>:<selector>:<private key file>, e.g. example.com:harpoon2026:/etc/harpoon/dkim/example.com.pem',
        `      entry 4 (example.com:s2:${good}): s2._domainkey.example.com appears twice; a selector names one key`,
      ].join('\n'),
    );
  });

  it('says in words when the file holds a key with a passphrase, a public key or a certificate, and shows none of it', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const write = (name: string, pem: string | Buffer) => {
      const file = path.join(dir, name);
      writeFileSync(file, pem);
      return file;
    };
    const files = {
      pkcs8: write('locked.pem', privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' })),
      pkcs1: write('locked-rsa.pem', privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' })),
      spki: write('public.pem', publicKey.export({ type: 'spki', format: 'pem' })),
      rsaPublic: write('public-rsa.pem', publicKey.export({ type: 'pkcs1', format: 'pem' })),
      certificate: write('cert.pem', `-----BEGIN CERTIFICATE-----\n${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}\n-----END CERTIFICATE-----\n`),
    };
    const value = Object.values(files).map((file, i) => `example.com:s${i}:${file}`).join(',');
    const [problem] = problems(value);
    const publicAdvice = 'give the private key (the public one goes in DNS; harpoon mail dns prints the record)';
    expect(problem!.split('\n').slice(1)).toEqual([
      `      entry 1 (example.com:s0:${files.pkcs8}): the key file is encrypted with a passphrase: Harpoon needs the key without one (openssl rsa -in ${files.pkcs8} -out ${path.join(dir, 'locked-plain.pem')})`,
      `      entry 2 (example.com:s1:${files.pkcs1}): the key file is encrypted with a passphrase: Harpoon needs the key without one (openssl rsa -in ${files.pkcs1} -out ${path.join(dir, 'locked-rsa-plain.pem')})`,
      `      entry 3 (example.com:s2:${files.spki}): the key file is a public key: ${publicAdvice}`,
      `      entry 4 (example.com:s3:${files.rsaPublic}): the key file is a public key: ${publicAdvice}`,
      `      entry 5 (example.com:s4:${files.certificate}): the key file is a certificate, which holds only a public key: ${publicAdvice}`,
    ]);
    const keyText = Object.values(files).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 40));
    for (const line of keyText) expect(problem).not.toContain(line);
  });

  it('requires a key for the domain Harpoon sends from', () => {
    expect(problems(`brand.example:news:${keyFile('other')}`)).toEqual([
      expect.stringMatching(/^HARPOON_DKIM_KEYS: MAIL_FROM sends from example\.com, but the keys sign for brand\.example; add a key for example\.com/),
    ]);
  });
});

describe('harpoon mail dns', () => {
  it('prints the three records in zone-file form, the DKIM one split into 255-character strings', async () => {
    const { SMTP_URL: _relay, ...inherited } = process.env;
    const env = { ...inherited, HARPOON_DATA_DIR: dir, MAIL_FROM: 'Acme <marketing@example.com>', HARPOON_DKIM_KEYS: dkimKeys, SMTP_URL: 'smtp://relay.example.com:587' };
    const { stdout } = await run(process.execPath, [path.join(projectRoot, 'bin/harpoon.mjs'), 'mail', 'dns', '--dmarc-policy', 'quarantine'], { cwd: projectRoot, env });
    expect(stdout).toContain('example.com. IN TXT "v=spf1 a:relay.example.com ~all"');
    const dkim = stdout.split('\n').filter((l) => l.startsWith('h2026a._domainkey.example.com. IN TXT "v=DKIM1; k=rsa; p='));
    expect(dkim).toHaveLength(1);
    // A 2048-bit key's record is about 400 characters: two quoted strings of at most 255.
    expect(dkim[0]!.match(/"[^"]*"/g)!.map((s) => s.length - 2)).toEqual([255, expect.any(Number)]);
    expect(stdout).toContain('_dmarc.example.com. IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.com; adkim=r; aspf=r"');
    expect(stdout).not.toContain('No DKIM key signs');
  });
});
