// The audit log in the database: one append per audited action, and the filtered read the CLI, the
// API and the console show. Rows are never updated or deleted (the database refuses it).
import type { Prisma } from '../generated/prisma/client';
import { providerOf, type Db } from '../db/client';
import { withoutAddresses } from '../domain/audit/audit-text';
import { z } from 'zod';
import { invalid } from '../domain/use-case-error';
import { olderThan } from '../db/older-than';
import { field } from '../domain/fields/field-ref';

export type AuditDoor = 'key' | 'console' | 'cli';

export async function recordAudit(db: Db, entry: { door: AuditDoor; actor: string; action: string; detail?: Record<string, unknown> }): Promise<void> {
  await db.auditEntry.create({
    data: {
      door: entry.door,
      actor: withoutAddresses(entry.actor) as string,
      action: entry.action,
      ...(entry.detail ? { detail: withoutAddresses(entry.detail) as Prisma.InputJsonValue } : {}),
    },
  });
}

const day = z.iso.date({ error: 'expected a day such as 2026-12-01' });

/** The read's filter: by who (a part of the actor), what (a part of the action), a period of UTC days, and how many (newest first). */
export const auditFilterSchema = z.object({
  actor: z.string().trim().min(1).max(200).optional().describe('part of who acted, e.g. a key name'),
  action: z.string().trim().min(1).max(200).optional().describe('part of what was done, e.g. launch or "keys create"'),
  from: day.optional().describe('first day, YYYY-MM-DD (UTC)'),
  to: day.optional().describe('last day, YYYY-MM-DD (UTC), included'),
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('how many entries, newest first (at most 1000)'),
  before: z.string().trim().min(1).max(100).optional().describe('the id of the last entry of the page before: the entries after it, for reading past the limit'),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** The bound of a last day `to`, included; none for a day ahead (9999-12-31 is past what the database stores). */
function endBefore(to: string | undefined): { lt?: Date } {
  const endMs = to === undefined ? undefined : Date.parse(`${to}T00:00:00Z`) + 86_400_000;
  return endMs !== undefined && endMs <= Date.now() ? { lt: new Date(endMs) } : {};
}

/**
 * Details are objects (recordAudit writes nothing else) or null. Newest first; `before` pages on
 * past the limit (by time, then id, so entries of the same instant are neither skipped nor repeated).
 */
export async function readAudit(db: Db, filter: AuditFilter) {
  // SQLite's LIKE ignores case already; PostgreSQL's needs to be told, so both doors find the same.
  const part = (text: string) => (providerOf(db) === 'postgresql' ? { contains: text, mode: 'insensitive' as const } : { contains: text });
  const anchor = filter.before ? await db.auditEntry.findUnique({ where: { id: filter.before }, select: { at: true, id: true } }) : null;
  if (filter.before && !anchor) throw invalid(`${field('before')}: no audit entry has the id ${JSON.stringify(filter.before)}, expected the id of the last entry of the page before`);
  const entries = await db.auditEntry.findMany({
    where: {
      ...(filter.actor ? { actor: part(filter.actor) } : {}),
      ...(filter.action ? { action: part(filter.action) } : {}),
      ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}), ...endBefore(filter.to) } } : {}),
      ...olderThan('at', anchor),
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: filter.limit,
  });
  return entries.map((e) => ({ id: e.id, at: e.at.toISOString(), door: e.door as AuditDoor, actor: e.actor, action: e.action, detail: e.detail as Record<string, unknown> | null }));
}
