// Compose, send through the pooled transport, receive in the real SMTP sink, parse the .eml:
// nothing in between is mocked.
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeEmail, messageIdFor, type ComposeInput } from '../../mail/compose';
import { UseCaseError } from '../../domain/use-case-error';
import { listOutbox, readOutboxMessage } from '../../mail/outbox';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink';
import { renderTemplate } from '../../mail/templates';
import { sendRefFor, verifyToken } from '../../mail/tracking';
import { classifySmtpError } from '../../mail/smtp-failure';
import { createMailTransport, type MailTransport } from '../../mail/transport';
import { anchorsIn, contextFor, PUBLIC_URL, SECRET, tempDir, urlsIn } from './support';

const FROM = 'Harpoon Marketing <marketing@harpoon.local>';

function input(over: { key: string; to: string; role: string; seniority: string; templateKey?: string }): ComposeInput {
  return {
    templateKey: over.templateKey ?? 'pricing-guide',
    context: contextFor(over.role, over.seniority),
    to: over.to,
    from: FROM,
    idempotencyKey: over.key,
    messageId: messageIdFor(over.key),
    publicUrl: PUBLIC_URL,
    secret: SECRET,
  };
}

let outboxDir: string;
let sink: SmtpSink;
let transport: MailTransport;

beforeAll(async () => {
  outboxDir = tempDir('outbox');
  sink = await startSmtpSink({ port: 0, outboxDir, rejectRecipients: (address) => address.startsWith('gone@') });
  transport = createMailTransport(sink.url);
});

afterAll(async () => {
  transport?.close();
  await sink?.stop();
});

async function sendAndReceive(composeInput: ComposeInput) {
  await transport.sendMail(await composeEmail(composeInput));
  return readOutboxMessage(outboxDir, composeInput.messageId);
}

describe('an email composed, sent and received', () => {
  it('is personalised for an executive, with the business-results block and both parts', async () => {
    const mail = await sendAndReceive(input({ key: 'journey:acme/pricing/exec', to: 'mia@acme.example', role: 'executive', seniority: 'executive' }));
    expect(mail.subject).toBe('Pricing for Acme Axles: how the supply programme is charged');
    expect(mail.to).toMatchObject({ value: [{ address: 'mia@acme.example', name: 'Mia Berg' }] });
    for (const part of [mail.html as string, mail.text!]) {
      expect(part).toContain('Hello Mia,');
      expect(part).toContain('For the budget:');
      expect(part).not.toContain('What is included:');
    }
  });

  it('gives a user the daily-use block instead', async () => {
    const mail = await sendAndReceive(input({ key: 'journey:acme/pricing/user', to: 'ola@acme.example', role: 'end_user', seniority: 'individual' }));
    expect(mail.text).toContain('What is included:');
    expect(mail.text).not.toContain('For the budget:');
    expect(mail.html).toContain('What is included:');
  });

  it('carries the one-click unsubscribe headers and the derived Message-ID', async () => {
    const sent = input({ key: 'journey:acme/pricing/headers', to: 'kim@acme.example', role: 'champion', seniority: 'manager' });
    const mail = await sendAndReceive(sent);
    expect(mail.messageId).toBe(messageIdFor('journey:acme/pricing/headers'));
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@harpoon>$/);
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const unsubscribeUrl = /^List-Unsubscribe: <([^>]+)>$/.exec(header('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribeUrl).toMatch(new RegExp(`^${PUBLIC_URL}/u/`));
    expect(verifyToken(unsubscribeUrl!.split('/u/')[1]!, SECRET)).toEqual({ kind: 'unsubscribe', send: sendRefFor(sent.idempotencyKey) });
    // The same per-recipient link is in the body of both parts.
    expect(mail.text).toContain(unsubscribeUrl);
    expect(anchorsIn(mail.html as string)).toContain(unsubscribeUrl);
  });

  it('sends every link through a signed click redirect to the original URL, and has an open pixel', async () => {
    const sent = input({ key: 'journey:acme/pricing/links', to: 'leo@acme.example', role: 'budget_holder', seniority: 'manager' });
    const mail = await sendAndReceive(sent);
    const original = await renderTemplate('pricing-guide', { ...sent.context, links: { unsubscribe: 'https://unsubscribe.invalid/' } });
    const originalUrls = (links: string[]) => new Set(links.filter((u) => !u.startsWith('https://unsubscribe.invalid')));

    const clicked = (links: string[]) =>
      links
        .filter((u) => !u.startsWith(`${PUBLIC_URL}/u/`))
        .map((u) => {
          expect(u).toMatch(new RegExp(`^${PUBLIC_URL}/t/click\\?t=[\\w-]+\\.[\\w-]+$`));
          const payload = verifyToken(new URL(u).searchParams.get('t')!, SECRET);
          expect(payload).toMatchObject({ kind: 'click', send: sendRefFor(sent.idempotencyKey) });
          return payload!;
        });

    const htmlClicks = clicked(anchorsIn(mail.html as string));
    const textClicks = clicked(urlsIn(mail.text!));
    expect(new Set(htmlClicks.map((p) => p.url))).toEqual(originalUrls(anchorsIn(original.html)));
    expect(new Set(textClicks.map((p) => p.url))).toEqual(originalUrls(urlsIn(original.text)));
    expect(htmlClicks.find((p) => p.url === 'https://demo.harpoon.example/pricing')?.tag).toBe('pricing');
    expect(textClicks.find((p) => p.url === 'https://demo.harpoon.example/contact-sales')?.tag).toBe('meeting');

    const pixel = /<img src="([^"]+)" width="1" height="1"/.exec(mail.html as string)?.[1]?.replaceAll('&amp;', '&');
    expect(pixel).toMatch(new RegExp(`^${PUBLIC_URL}/t/open\\?t=`));
    expect(verifyToken(new URL(pixel!).searchParams.get('t')!, SECRET)).toEqual({ kind: 'open', send: sendRefFor(sent.idempotencyKey) });
  });

  it('shows the recipient no internal ID: not in a header, a link or what its tokens decode to', async () => {
    const ids = { accountId: 'acc_c1x9z2', contactId: 'con_q8w7e6', workflowId: 'journey/pricing-push/acc_c1x9z2' };
    const key = `${ids.workflowId}|engage/pricing#1|${ids.contactId}`;
    const sent = { ...input({ key, to: 'ida@acme.example', role: 'champion', seniority: 'manager' }), ids };
    const mail = await sendAndReceive(sent);
    const secrets = [ids.accountId, ids.contactId, ids.workflowId, key, 'pricing-push'];

    expect(mail.headerLines.map((h) => h.key)).not.toContain('x-harpoon-send-key');
    // What the recipient's mail client can show: every header and both parts, decoded.
    const visible = [readFileSync(path.join(outboxDir, mail.file), 'utf8'), ...mail.headerLines.map((h) => h.line), mail.html as string, mail.text!];
    const tokens = [...visible.join('\n').matchAll(/\/(?:t\/(?:open|click)\?t=|u\/)([\w-]+\.[\w-]+)/g)].map((m) => m[1]!);
    expect(new Set(tokens.map((t) => verifyToken(t, SECRET)?.kind))).toEqual(new Set(['open', 'click', 'unsubscribe']));
    const readable = [...visible, ...tokens.map((t) => Buffer.from(t.split('.')[0]!, 'base64url').toString('utf8'))].join('\n');
    for (const secret of secrets) expect(readable).not.toContain(secret);
    for (const token of tokens) expect(verifyToken(token, SECRET)?.send).toBe(sendRefFor(key));
  });

  it('rejects a click token whose destination was tampered with', async () => {
    const message = await composeEmail(input({ key: 'journey:acme/pricing/tamper', to: 'x@acme.example', role: 'executive', seniority: 'executive' }));
    const token = new URL(urlsIn(message.text as string).find((u) => u.includes('/t/click'))!).searchParams.get('t')!;
    const [body, sig] = token.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, url: 'https://evil.example/' })).toString('base64url');
    expect(verifyToken(token, SECRET)).not.toBeNull();
    expect(verifyToken(`${forged}.${sig}`, SECRET)).toBeNull();
  });
});

describe('SMTP failures', () => {
  it('classifies a real 550 on RCPT TO as a hard bounce', async () => {
    const message = await composeEmail(input({ key: 'journey:acme/pricing/bounce', to: 'gone@acme.example', role: 'executive', seniority: 'executive' }));
    const err = await transport.sendMail(message).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(classifySmtpError(err)).toEqual({ kind: 'hard_bounce', code: 550, message: expect.stringContaining('gone@acme.example') });
  });

  it('never writes the in-flight mark for a message the relay refused at RCPT TO', async () => {
    // The mark says "the end of this message may have reached the relay"; written after the
    // refusal, it would overwrite the bounce the caller records.
    const marks: string[] = [];
    const message = await composeEmail(input({ key: 'journey:acme/pricing/bounce-mark', to: 'gone@acme.example', role: 'executive', seniority: 'executive' }));
    const err = await transport.sendMail(message, { beforeEndOfData: async () => void marks.push('sending') }).then(
      () => undefined,
      (e: unknown) => e as { handedOff: boolean },
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(err).toMatchObject({ handedOff: false });
    expect(marks).toEqual([]);
  });

  it('classifies a refused connection as the relay being unavailable, so the send waits for it', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const nowhere = createMailTransport(`smtp://127.0.0.1:${port}`);
    try {
      const message = await composeEmail(input({ key: 'journey:acme/pricing/refused', to: 'a@acme.example', role: 'executive', seniority: 'executive' }));
      const err = await nowhere.sendMail(message).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(classifySmtpError(err)).toEqual({ kind: 'relay_unavailable', message: expect.stringMatching(/ECONNREFUSED/) });
    } finally {
      nowhere.close();
    }
  });

  it('tells a rejected message, a refusing relay and a temporary refusal apart', () => {
    const smtpError = (message: string, responseCode: number, command: string) => Object.assign(new Error(message), { responseCode, command });
    expect(classifySmtpError(smtpError('sender rejected', 550, 'MAIL FROM'))).toEqual({ kind: 'rejected', code: 550, message: 'sender rejected' });
    expect(classifySmtpError(smtpError('looks like spam', 554, 'DATA')).kind).toBe('rejected');
    expect(classifySmtpError(smtpError('mailbox busy', 450, 'RCPT TO')).kind).toBe('soft');
    expect(classifySmtpError(smtpError('closing: too busy', 421, 'MAIL FROM')).kind).toBe('relay_unavailable');
    expect(classifySmtpError(smtpError('bad credentials', 535, 'AUTH PLAIN')).kind).toBe('relay_unavailable');
    expect(classifySmtpError(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT', command: 'CONN' })).kind).toBe('relay_unavailable');
  });
});

describe('the outbox', () => {
  it('lists messages newest first and finds one by file name or by bare Message-ID', async () => {
    const first = input({ key: 'journey:acme/outbox/1', to: 'one@acme.example', role: 'executive', seniority: 'executive', templateKey: 'intro' });
    const second = input({ key: 'journey:acme/outbox/2', to: 'two@acme.example', role: 'executive', seniority: 'executive', templateKey: 'last-call' });
    await sendAndReceive(first);
    await sendAndReceive(second);

    const [newest, previous] = await listOutbox(outboxDir, { limit: 2 });
    expect(newest).toMatchObject({ messageId: second.messageId, to: '"Mia Berg" <two@acme.example>', subject: 'Mia, should we close the file for Acme Axles?' });
    expect(newest!.from).toBe('"Harpoon Marketing" <marketing@harpoon.local>');
    expect(Date.parse(newest!.date)).not.toBeNaN();
    expect(previous!.messageId).toBe(first.messageId);

    expect((await readOutboxMessage(outboxDir, newest!.file)).messageId).toBe(second.messageId);
    expect((await readOutboxMessage(outboxDir, second.messageId.slice(1, -1))).file).toBe(newest!.file);
    await expect(readOutboxMessage(outboxDir, '<nothing@harpoon>')).rejects.toThrow(UseCaseError);
    expect(await listOutbox(tempDir('empty'))).toEqual([]);
  });
});

describe('throughput', () => {
  it('delivers exactly 200 messages sent at once through the pool', async () => {
    const dir = tempDir('bulk');
    const bulkSink = await startSmtpSink({ port: 0, outboxDir: dir });
    const pooled = createMailTransport(bulkSink.url);
    try {
      const message = await composeEmail(input({ key: 'journey:bulk/0', to: 'bulk@acme.example', role: 'executive', seniority: 'executive' }));
      const ids = Array.from({ length: 200 }, (_, i) => messageIdFor(`journey:bulk/${i}`));
      await Promise.all(ids.map((messageId, i) => pooled.sendMail({ ...message, messageId, to: `bulk-${i}@acme.example` })));
      expect(readdirSync(dir).filter((f) => f.endsWith('.eml') && !f.startsWith('.'))).toHaveLength(200);
      expect(new Set((await listOutbox(dir)).map((e) => e.messageId))).toEqual(new Set(ids));
    } finally {
      pooled.close();
      await bulkSink.stop();
    }
  });
});
