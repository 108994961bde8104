import { InvalidArgumentError, type Command } from 'commander';
import { commandGroups } from '../groups';
import { config } from '../../config/env';
import { domainOfAddress } from '../../config/dkim-keys';
import { dnsRecordsFor, zoneText, type DmarcPolicy } from '../../mail/dns-records';
import { listOutbox, readOutboxMessage, type OutboxEntry } from '../../mail/outbox';
import { UseCaseError } from '../../domain/use-case-error';
import { printJson, UserError } from '../runtime';

// The headers someone checking a message's compliance and tracking wants to see.
const SHOWN_HEADERS = [
  'message-id',
  'date',
  'from',
  'to',
  'subject',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'dkim-signature',
];

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()).join('\n');
}

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** When SMTP_URL is set, mail goes to that server and the outbox only holds what the sink got before. */
function outboxNote(): string {
  const { url, outboxDir } = config().smtp;
  return url
    ? `SMTP_URL is set, so mail goes to ${new URL(url).host}; the outbox (${outboxDir}) only shows what the local sink received.`
    : `Outbox: ${outboxDir}`;
}

export function registerMailCommands(program: Command) {
  const mail = program.command('mail').description(commandGroups.mail);

  mail
    .command('list')
    .description('The newest messages in the outbox: date, recipient, subject, Message-ID')
    .option('--limit <n>', 'how many messages to show', positiveInteger, 20)
    .option('--json', 'machine-readable output')
    .action(async (opts: { limit: number; json?: boolean }) => {
      const entries = await listOutbox(config().smtp.outboxDir, { limit: opts.limit });
      if (opts.json) return printJson(entries);
      if (entries.length === 0) return console.log(`No messages yet. ${outboxNote()}`);
      const when = (e: OutboxEntry) => e.date.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
      console.log(
        table([
          ['DATE', 'TO', 'SUBJECT', 'MESSAGE-ID'],
          ...entries.map((e) => [when(e), e.to, shorten(e.subject, 60), e.messageId]),
        ]),
      );
    });

  mail
    .command('show <message-id-or-file>')
    .description('One message: its headers (including List-Unsubscribe) and its text part')
    .option('--html', 'print the HTML part instead of the text part')
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { html?: boolean; json?: boolean }) => {
      const { outboxDir } = config().smtp;
      const message = await readOutboxMessage(outboxDir, ref).catch((err: unknown) => {
        // Which outbox was read, for someone who expected the message elsewhere.
        if (err instanceof UseCaseError) throw new UseCaseError(err.kind, `${err.message} ${outboxNote()}`);
        throw err;
      });
      const headers = message.headerLines
        .filter((h) => SHOWN_HEADERS.includes(h.key))
        .sort((a, b) => SHOWN_HEADERS.indexOf(a.key) - SHOWN_HEADERS.indexOf(b.key))
        .map((h) => h.line.replace(/\r?\n[ \t]+/g, ' '));
      const html = message.html === false ? undefined : message.html;
      if (opts.json) {
        return printJson({
          file: message.file,
          messageId: message.messageId ?? null,
          headers: Object.fromEntries(headers.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()])),
          text: message.text ?? null,
          html: html ?? null,
        });
      }
      if (opts.html) {
        if (html === undefined) throw new UserError(`Message ${message.file} has no HTML part.`);
        process.stdout.write(html.endsWith('\n') ? html : `${html}\n`);
        return;
      }
      console.log([`File: ${message.file}`, ...headers, '', message.text ?? '(no text part)'].join('\n'));
    });

  mail
    .command('dns [domain]')
    .description("The SPF, DKIM and DMARC records a sending domain publishes (default: MAIL_FROM's domain), from the configured relay and DKIM keys")
    .option('--dmarc-policy <policy>', 'none (report only), quarantine or reject', dmarcPolicy, 'none' as DmarcPolicy)
    .option('--rua <address>', 'where receivers send DMARC reports (default: dmarc-reports@<domain>)')
    .option('--json', 'machine-readable output')
    .action((domainArg: string | undefined, opts: { dmarcPolicy: DmarcPolicy; rua?: string; json?: boolean }) => {
      const { smtp } = config();
      const domain = (domainArg ?? domainOfAddress(smtp.from)).trim().toLowerCase();
      if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(domain)) throw new UserError(`"${domain}" is not a domain name; give one such as example.com`);
      const { records, notes } = dnsRecordsFor({
        domain,
        keys: smtp.dkim ?? [],
        relayHost: smtp.url ? new URL(smtp.url).hostname : undefined,
        dmarcPolicy: opts.dmarcPolicy,
        reportTo: opts.rua ?? `dmarc-reports@${domain}`,
      });
      if (opts.json) return printJson({ domain, records, notes });
      for (const r of records) console.log(`; ${r.why}\n${r.name}. IN TXT ${zoneText(r.value)}\n`);
      for (const n of notes) console.log(`Note: ${n}`);
    });
}

function dmarcPolicy(value: string): DmarcPolicy {
  if (value !== 'none' && value !== 'quarantine' && value !== 'reject') throw new InvalidArgumentError('expected none, quarantine or reject');
  return value;
}
