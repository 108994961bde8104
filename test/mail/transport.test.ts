// The pooled transport against real servers on loopback: every wait is bounded, a failed send is
// never requeued behind the caller's back, and the hook before the end-of-data mark runs once the
// whole message is on the wire but before the server could have taken it.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../mail/smtp-sink';
import { classifySmtpError } from '../../mail/smtp-failure';
import { createMailTransport, type MailTransport, type SmtpSendError } from '../../mail/transport';
import { startScriptedSmtp } from '../support/scripted-smtp';
import { tempDir } from './support';

const message = { from: 'm@harpoon.test', to: 'ann@acme.example', subject: 'Hello', text: 'Hello Ann', messageId: '<t1@harpoon>' };
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function transportTo(url: string, options = {}): MailTransport {
  const transport = createMailTransport(url, options);
  cleanups.push(() => transport.close());
  return transport;
}

const failureOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as SmtpSendError);

describe('the end-of-data hook', () => {
  it('runs after the whole message reached the server and before the server stored it', async () => {
    const outboxDir = tempDir('gate');
    const sink = await startSmtpSink({ port: 0, outboxDir });
    cleanups.push(() => sink.stop());
    const stored = () => readdirSync(outboxDir).filter((f) => f.endsWith('.eml')).length;
    let storedAtHook = -1;
    await transportTo(sink.url).sendMail(message, {
      beforeEndOfData: async () => {
        // Give the server every chance to store early: it must not, without the end-of-data mark.
        await new Promise((resolve) => setTimeout(resolve, 200));
        storedAtHook = stored();
      },
    });
    expect(storedAtHook).toBe(0);
    expect(stored()).toBe(1);
  });

  it('sends nothing when the hook fails, and says the message was not handed off', async () => {
    const outboxDir = tempDir('gate-fail');
    const sink = await startSmtpSink({ port: 0, outboxDir });
    cleanups.push(() => sink.stop());
    const transport = transportTo(sink.url);
    const err = await failureOf(transport.sendMail(message, { beforeEndOfData: () => Promise.reject(new Error('database is locked')) }));
    expect(err).toMatchObject({ handedOff: false });
    expect(classifySmtpError(err).kind).toBe('soft');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readdirSync(outboxDir).filter((f) => f.endsWith('.eml'))).toHaveLength(0);
    // The pool recovers: the next message goes through on a new connection.
    await transport.sendMail({ ...message, messageId: '<t2@harpoon>' });
    expect(readdirSync(outboxDir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  });
});

describe('a relay that restarts', () => {
  it('frees the slots of idle connections the relay closed, so sending goes on afterwards', async () => {
    const outboxDir = tempDir('restart');
    let sink = await startSmtpSink({ port: 0, outboxDir });
    const { port } = sink;
    cleanups.push(() => sink.stop());
    const transport = transportTo(sink.url);
    const burst = (from: number) =>
      Promise.all(Array.from({ length: 10 }, (_, i) => transport.sendMail({ ...message, messageId: `<r${from + i}@harpoon>` })));
    await burst(0); // every connection of the pool is open, and idle now
    await sink.stop();
    sink = await startSmtpSink({ port, outboxDir });
    const second = await Promise.race([burst(10).then(() => 'sent'), new Promise((resolve) => setTimeout(() => resolve('stuck'), 10_000))]);
    expect(second).toBe('sent');
    expect(readdirSync(outboxDir).filter((f) => f.endsWith('.eml'))).toHaveLength(20);
  });
});

describe('a relay that misbehaves', () => {
  it('gives up on a relay that never greets within the greeting timeout', async () => {
    const relay = await startScriptedSmtp({ silentGreeting: true });
    cleanups.push(() => relay.stop());
    const started = Date.now();
    const err = await failureOf(transportTo(relay.url, { greetingTimeout: 300 }).sendMail(message));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toMatchObject({ handedOff: false });
    expect(classifySmtpError(err).kind).toBe('relay_unavailable');
  });

  it('reports a connection dropped after the end of data as handed off, and does not send it again', async () => {
    const relay = await startScriptedSmtp({ afterData: 'close' });
    cleanups.push(() => relay.stop());
    const err = await failureOf(transportTo(relay.url).sendMail(message));
    expect(err).toMatchObject({ handedOff: true });
    expect(err!.responseCode).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.received).toHaveLength(1); // no requeue behind the caller's back
  });

  it('stops waiting for an answer after the socket timeout', async () => {
    const relay = await startScriptedSmtp({ afterData: 'hang' });
    cleanups.push(() => relay.stop());
    const err = await failureOf(transportTo(relay.url, { socketTimeout: 300 }).sendMail(message));
    expect(err).toMatchObject({ handedOff: true });
    expect(relay.received).toHaveLength(1);
  });
});
