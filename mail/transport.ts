// Sending over SMTP with a small connection pool of Harpoon's own, built on nodemailer's
// SMTPConnection. nodemailer's pooled transport does not fit a send path that must never record a
// message it did not see accepted: it requeues a message whenever a connection drops (possibly
// after the server took it, so a second copy goes out), it has no bound on how long a message may
// sit in its queue while the relay is down, and it gives no moment at which the message was
// complete on the wire. This pool fails every send whose connection fails, with every wait bounded,
// and tells its caller when the whole message is written and only the end-of-data mark is left.
import net from 'node:net';
import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type { MessageSigner } from './dkim';
import { gatedStream } from './gated-stream';
import { messageTextEncoding } from './text-encoding';

/** Every wait is bounded, so a dead or silent relay shows up as an error within seconds. */
export const smtpDefaults = {
  maxConnections: 10,
  /** nodemailer's 100 costs about half the throughput: every reconnect waits for a new greeting. */
  maxMessages: 1000,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  /** Inactivity on an open connection, e.g. waiting for the reply to the end of data. */
  socketTimeout: 60_000,
} as const;

export type SmtpOptions = Partial<Record<keyof typeof smtpDefaults, number>>;

/** A message ready for the wire: the envelope and the complete MIME text. */
export type OutgoingMessage = { envelope: { from: string; to: string[] }; raw: Buffer; messageId: string };

export type SendHooks = {
  /**
   * Runs when the whole message is written and only the end-of-data mark (CRLF.CRLF) is left to
   * send; the mark waits until it resolves. A server takes a message only once it has the mark, so
   * a failure before this point means the message was not delivered.
   */
  beforeEndOfData?: () => Promise<void>;
};

export type SendReceipt = { response: string };

/** Raised by send(): `handedOff` tells whether the end-of-data mark may have reached the server. */
export type SmtpSendError = Error & { code?: string; responseCode?: number; command?: string; handedOff: boolean };

export type MailTransport = {
  send(message: OutgoingMessage, hooks?: SendHooks): Promise<SendReceipt>;
  /** Compiles nodemailer message options (see compile()) and sends them. */
  sendMail(options: Mail.Options, hooks?: SendHooks): Promise<SendReceipt>;
  /** Opens a fresh connection, greets and logs in, then quits: is the relay taking mail now? */
  verify(): Promise<void>;
  close(): void;
  /** The relay's address without credentials, for log lines. */
  readonly label: string;
};

/** Builds the MIME text once, so the send itself only streams bytes. */
export async function compile(options: Mail.Options): Promise<OutgoingMessage> {
  const node = new MailComposer({ ...options, textEncoding: messageTextEncoding(options) }).compile();
  const envelope = node.getEnvelope();
  const raw = await node.build();
  return { envelope: { from: envelope.from || '', to: envelope.to }, raw, messageId: node.messageId() };
}

type ConnectionOptions = SMTPConnection.Options & { auth?: { user?: string; pass?: string } };

/**
 * Opens the TCP connection with Nagle's algorithm off. nodemailer leaves it on, so the short
 * end-of-data line waits for the server's delayed ACK: 40 ms per message and connection, which
 * measured 100 messages/s instead of 1,000 on loopback. TLS (smtps:// or STARTTLS) goes on top.
 */
function openSocket(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(Object.assign(new Error(`Connection timeout after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

type PooledConnection = { conn: SMTPConnection; messages: number; state: 'busy' | 'idle' | 'closed' };

/** A pooled transport to the relay at `smtpUrl`. Query parameters (e.g. ?maxConnections=10) override the defaults. */
/** `sign`: DKIM (mail/dkim.ts), applied to every message on its way out. */
export function createMailTransport(smtpUrl: string, options: SmtpOptions = {}, sign?: MessageSigner): MailTransport {
  const parsed = parseConnectionUrl(smtpUrl) as ConnectionOptions & Partial<typeof smtpDefaults>;
  const settings = { ...smtpDefaults, ...options, ...pick(parsed as Record<string, unknown>, Object.keys(smtpDefaults)) } as Record<keyof typeof smtpDefaults, number>;
  const host = parsed.host || 'localhost';
  // nodemailer's own defaults, for a URL without a port (smtp://mail.example.com).
  const port = Number(parsed.port) || (parsed.secure ? 465 : 587);
  const label = `${parsed.secure ? 'smtps' : 'smtp'}://${host}:${port}`;

  const idle: PooledConnection[] = [];
  const waiting: Array<(c: PooledConnection | Error) => void> = [];
  /** Connections open or being opened: never more than maxConnections. */
  let open = 0;
  let closed = false;

  /** Gives a connection's slot back: the pool may open another for the next waiting send. */
  function retire(c: PooledConnection) {
    if (c.state === 'closed') return;
    c.state = 'closed';
    open--;
    handOver();
  }

  async function connect(): Promise<PooledConnection> {
    const socket = await openSocket(host, port, settings.connectionTimeout);
    const conn = new SMTPConnection({
      ...parsed,
      connection: socket,
      connectionTimeout: settings.connectionTimeout,
      greetingTimeout: settings.greetingTimeout,
      socketTimeout: settings.socketTimeout,
    } as SMTPConnection.Options);
    const pooled: PooledConnection = { conn, messages: 0, state: 'busy' };
    // An idle connection the relay closed (a restart, an idle timeout) leaves the pool and frees its
    // slot; a busy one is handled by its send, which sees the same event.
    const dropped = () => {
      if (pooled.state !== 'idle') return;
      idle.splice(idle.indexOf(pooled), 1);
      retire(pooled);
    };
    conn.on('end', dropped);
    conn.on('error', dropped);
    // SMTPConnection reports a failure while connecting through 'error' or 'end', not the callback.
    await settleOnce<void>((resolve, reject) => {
      conn.once('error', reject);
      conn.once('end', () => reject(connectionClosed('while connecting')));
      conn.connect((err) => (err ? reject(err) : resolve()));
    });
    if (parsed.auth?.user || parsed.auth?.pass) {
      await new Promise<void>((resolve, reject) => {
        conn.login({ user: parsed.auth?.user ?? '', pass: parsed.auth?.pass ?? '' }, (err) => (err ? reject(err) : resolve()));
      }).catch((err: unknown) => {
        conn.close();
        throw err;
      });
    }
    return pooled;
  }

  /** A new connection in a slot already counted in `open`. */
  function openInSlot(): Promise<PooledConnection> {
    return connect().catch((err: unknown) => {
      open--;
      handOver();
      throw err;
    });
  }

  function takeIdle(): PooledConnection | undefined {
    const c = idle.pop();
    if (c) c.state = 'busy';
    return c;
  }

  async function acquire(): Promise<PooledConnection> {
    if (closed) throw Object.assign(new Error('the mail transport is closed'), { code: 'ECLOSED' });
    const reuse = takeIdle();
    if (reuse) return reuse;
    if (open < settings.maxConnections) {
      open++;
      return openInSlot();
    }
    // Bounded like every other wait: a slot frees within one send's worth of timeouts, or something is wrong.
    const maxWaitMs = settings.connectionTimeout + settings.greetingTimeout + settings.socketTimeout;
    return new Promise((resolve, reject) => {
      const take = (c: PooledConnection | Error) => {
        clearTimeout(timer);
        if (c instanceof Error) reject(c);
        else resolve(c);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(take), 1);
        reject(Object.assign(new Error(`no connection to the relay became free within ${maxWaitMs} ms`), { code: 'ETIMEDOUT' }));
      }, maxWaitMs);
      waiting.push(take);
    });
  }

  /** A freed slot or connection goes to the longest waiting send. */
  function handOver() {
    if (waiting.length === 0) return;
    const reuse = takeIdle();
    if (reuse) return waiting.shift()!(reuse);
    if (open >= settings.maxConnections) return;
    const next = waiting.shift()!;
    open++;
    openInSlot().then(next, next);
  }

  function release(c: PooledConnection, healthy: boolean) {
    if (c.state !== 'busy') return;
    if (!healthy || c.messages >= settings.maxMessages || closed) {
      if (healthy) c.conn.quit();
      else c.conn.close();
      retire(c);
      return;
    }
    c.state = 'idle';
    idle.push(c);
    handOver();
  }

  async function send(unsigned: OutgoingMessage, hooks: SendHooks = {}): Promise<SendReceipt> {
    let handedOff = false;
    let pooled: PooledConnection;
    let message: OutgoingMessage;
    try {
      message = sign ? await sign(unsigned) : unsigned;
      pooled = await acquire();
    } catch (err) {
      throw Object.assign(err as Error, { handedOff: false }) as SmtpSendError;
    }
    const { conn } = pooled;
    return settleOnce<SendReceipt>((resolve, reject) => {
      const body = gatedStream(message.raw, hooks.beforeEndOfData, () => {
        handedOff = true;
      });
      let finished = false;
      const fail = (err: Error) => {
        if (finished) return;
        finished = true;
        // Never reused after a failure: its state in the SMTP dialogue is unknown.
        release(pooled, false);
        const failure = Object.assign(err, { handedOff }) as SmtpSendError;
        void body.stop().then(() => reject(failure));
      };
      // A timeout or a dropped connection mid-send surfaces as 'error' or 'end', never through
      // send's callback: without these the send would wait forever.
      const onError = (err: Error) => fail(err);
      const onEnd = () => fail(connectionClosed('before the relay answered'));
      conn.once('error', onError);
      conn.once('end', onEnd);
      conn.send(message.envelope, body.stream, (err, info) => {
        conn.off('error', onError);
        conn.off('end', onEnd);
        pooled.messages++;
        if (err) return fail(err);
        if (finished) return;
        finished = true;
        release(pooled, true);
        resolve({ response: info.response });
      });
    });
  }

  return {
    label,
    send,
    async sendMail(options, hooks) {
      return send(await compile(options), hooks);
    },
    async verify() {
      const probe = await connect();
      probe.conn.quit();
    },
    close() {
      closed = true;
      for (const c of idle.splice(0)) {
        c.state = 'closed';
        c.conn.quit();
      }
      for (const w of waiting.splice(0)) w(Object.assign(new Error('the mail transport is closed'), { code: 'ECLOSED' }));
    },
  };
}

function connectionClosed(when: string): Error {
  return Object.assign(new Error(`the relay closed the connection ${when}`), { code: 'ECONNECTION' });
}

/** A promise whose first outcome wins; later calls of resolve or reject are ignored. */
function settleOnce<T>(executor: (resolve: (value: T) => void, reject: (err: Error) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    executor(
      (value) => {
        if (!settled) (settled = true), resolve(value);
      },
      (err) => {
        if (!settled) (settled = true), reject(err);
      },
    );
  });
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) if (typeof source[key] === 'number') out[key] = source[key] as number;
  return out;
}
