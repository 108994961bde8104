// A real SMTP server on loopback that delivers every message into the outbox as an .eml file: the
// local default when no SMTP_URL is set, and the receiving end of the mail tests. Nothing is
// relayed anywhere.
import { mkdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { outboxFileName } from './outbox';

export type SmtpSink = {
  port: number;
  url: string;
  /** Settles when the server stops listening, by stop() or otherwise, with how ("closed"). */
  closed: Promise<string>;
  stop(): Promise<void>;
};

export type SmtpSinkOptions = {
  port: number;
  outboxDir: string;
  host?: string;
  /** Test hook: answer 550 to RCPT TO for these addresses, as a server does for unknown mailboxes. */
  rejectRecipients?: (address: string) => boolean;
};

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** The Message-ID header of a raw message, if it has one. */
function messageIdOf(raw: Buffer): string | undefined {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const headers = raw.subarray(0, headerEnd === -1 ? raw.length : headerEnd).toString('latin1');
  return /^message-id:[ \t]*(.+)$/im.exec(headers.replace(/\r\n[ \t]+/g, ' '))?.[1]?.trim();
}

export async function startSmtpSink(opts: SmtpSinkOptions): Promise<SmtpSink> {
  const host = opts.host ?? '127.0.0.1';
  mkdirSync(opts.outboxDir, { recursive: true });
  let sequence = 0;

  const server = new SMTPServer({
    name: 'harpoon-sink',
    banner: 'Harpoon SMTP sink: messages are stored, never relayed',
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    logger: false,
    // Pooled clients keep idle connections open; do not wait 30 s for them on shutdown.
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      if (opts.rejectRecipients?.(address.address)) {
        return callback(smtpError(550, `5.1.1 <${address.address}>: mailbox unavailable`));
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, '5.3.4 message exceeds the size limit'));
        const raw = Buffer.concat(chunks);
        const name = outboxFileName(messageIdOf(raw), new Date(), ++sequence);
        const draft = path.join(opts.outboxDir, `.${name}.tmp`);
        // Written aside and renamed, so `mail list` never reads half a message.
        writeFile(draft, raw)
          .then(() => rename(draft, path.join(opts.outboxDir, name)))
          .then(
            () => callback(null),
            (err: Error) => callback(smtpError(451, `4.3.0 could not store the message: ${err.message}`)),
          );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Later errors (a client resetting its connection) must not crash the process.
  server.on('error', () => {});
  const port = (server.server.address() as { port: number }).port;
  const closed = new Promise<string>((resolve) => server.server.once('close', () => resolve('stopped listening')));
  return {
    port,
    closed,
    url: `smtp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
