// The outbox: one .eml file per message the SMTP sink received, named so that names sort by
// arrival and contain the Message-ID. Read with mailparser for `harpoon mail list|show` and tests.
import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { notFound } from '../domain/use-case-error';

export type OutboxEntry = { file: string; messageId: string; date: string; from: string; to: string; subject: string };

const bare = (messageId: string) => messageId.trim().replace(/^<|>$/g, '');
const fileSafe = (messageId: string) => bare(messageId).replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 120);

/** A UTC timestamp to the millisecond, then a sequence number for messages of the same millisecond. */
export function outboxFileName(messageId: string | undefined, at: Date, sequence: number): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  const id = messageId ? fileSafe(messageId) : 'no-message-id';
  return `${stamp}-${String(sequence % 1e6).padStart(6, '0')}-${id}.eml`;
}

/** Newest first. Drafts being written (dot files) are not messages yet. */
async function messageFiles(outboxDir: string): Promise<string[]> {
  try {
    const names = await readdir(outboxDir);
    return names.filter((n) => n.endsWith('.eml') && !n.startsWith('.')).sort().reverse();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

const parseFile = (outboxDir: string, file: string) =>
  readFile(path.join(outboxDir, file)).then((raw) => simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true }));

const addressText = (a: AddressObject | AddressObject[] | undefined) =>
  [a ?? []].flat().map((x) => x.text).join(', ');

// Parsed a few at a time: a big outbox must not open thousands of files at once.
const BATCH = 16;

export async function listOutbox(outboxDir: string, opts: { limit?: number } = {}): Promise<OutboxEntry[]> {
  const files = (await messageFiles(outboxDir)).slice(0, opts.limit);
  const entries: OutboxEntry[] = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const parsed = await Promise.all(batch.map((file) => parseFile(outboxDir, file)));
    parsed.forEach((m, j) =>
      entries.push({
        file: batch[j]!,
        messageId: m.messageId ?? '',
        date: m.date?.toISOString() ?? '',
        from: addressText(m.from),
        to: addressText(m.to),
        subject: m.subject ?? '',
      }),
    );
  }
  return entries;
}

/** By file name (as `mail list` shows it) or by Message-ID, with or without the angle brackets. */
export async function readOutboxMessage(outboxDir: string, idOrFile: string): Promise<ParsedMail & { file: string }> {
  const files = await messageFiles(outboxDir);
  const asFile = path.basename(idOrFile);
  if (files.includes(asFile)) return Object.assign(await parseFile(outboxDir, asFile), { file: asFile });
  const suffix = `-${fileSafe(idOrFile)}.eml`;
  for (const file of files.filter((f) => f.endsWith(suffix))) {
    const message = await parseFile(outboxDir, file);
    if (message.messageId && bare(message.messageId) === bare(idOrFile)) return Object.assign(message, { file });
  }
  throw notFound(`No message "${idOrFile}" in the outbox. List them with "harpoon mail list".`);
}

/**
 * The messages that name a person (an address or a name, in the headers or the decoded text), for a
 * data-subject export, or removed from the outbox for an erasure.
 */
export async function outboxMessagesNaming(outboxDir: string, identifiers: readonly string[], opts: { remove?: boolean } = {}): Promise<OutboxEntry[]> {
  const needles = identifiers.map((i) => i.trim().toLowerCase()).filter((i) => i.length >= 3);
  const files = await messageFiles(outboxDir);
  const found: OutboxEntry[] = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const parsed = await Promise.all(batch.map((file) => parseFile(outboxDir, file)));
    for (const [j, m] of parsed.entries()) {
      const seen = [addressText(m.to), addressText(m.cc), m.subject ?? '', m.text ?? '', typeof m.html === 'string' ? m.html : ''].join('\n').toLowerCase();
      if (!needles.some((n) => seen.includes(n))) continue;
      found.push({ file: batch[j]!, messageId: m.messageId ?? '', date: m.date?.toISOString() ?? '', from: addressText(m.from), to: addressText(m.to), subject: m.subject ?? '' });
      if (opts.remove) await unlink(path.join(outboxDir, batch[j]!));
    }
  }
  return found;
}
