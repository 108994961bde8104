// API keys: the secret is shown once, at creation; only its SHA-256 is kept (a random 256-bit
// secret needs no slow hash). A sales key is bound to one rep.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import type { ApiRole } from '../domain/access/roles';
import { conflict, invalid, notFound } from '../domain/use-case-error';
import { emailKey } from '../domain/accounts/email-address';

export type ApiPrincipal = { keyId: string; name: string; role: ApiRole; salesRep: { id: string; email: string } | null };

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function createApiKey(db: Db, input: { name: string; role: ApiRole; repEmail?: string }) {
  if (input.role === 'sales' && !input.repEmail) throw invalid('a sales key is bound to a rep: add --rep <email> (see "harpoon accounts reps list")');
  if (input.role !== 'sales' && input.repEmail) throw invalid(`--rep is for sales keys only; a ${input.role} key sees more than one rep's work`);
  const rep = input.repEmail ? await db.salesRep.findUnique({ where: { email: emailKey(input.repEmail) } }) : null;
  if (input.repEmail && !rep) throw notFound(`no sales rep with e-mail "${input.repEmail}": import reps with "harpoon accounts reps import <file>"`);
  const secret = `hk_${randomBytes(32).toString('base64url')}`;
  const row = await db.apiKey.create({ data: { name: input.name, role: input.role, hash: hashOf(secret), salesRepId: rep?.id ?? null } });
  return { id: row.id, name: row.name, role: row.role, rep: rep?.email ?? null, secret };
}

export async function listApiKeys(db: Db) {
  const rows = await db.apiKey.findMany({ orderBy: { createdAt: 'asc' }, include: { salesRep: { select: { email: true } } } });
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    role: k.role,
    rep: k.salesRep?.email ?? null,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}

/** By id or name; revoking twice is not an error. A name that several live keys share is refused: which one is meant? */
export async function revokeApiKey(db: Db, ref: string) {
  const byId = await db.apiKey.findUnique({ where: { id: ref } });
  const named = byId ? [] : await db.apiKey.findMany({ where: { name: ref, revokedAt: null }, orderBy: { createdAt: 'asc' } });
  if (named.length > 1) {
    throw conflict(`${named.length} live API keys are named "${ref}" (ids ${named.map((k) => k.id).join(', ')}): revoke each by its id`);
  }
  const key = byId ?? named[0];
  if (!key) throw notFound(`no API key "${ref}": "harpoon keys list" shows their ids and names`);
  if (key.revokedAt) return { id: key.id, name: key.name, revokedAt: key.revokedAt.toISOString() };
  const row = await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
  return { id: row.id, name: row.name, revokedAt: row.revokedAt!.toISOString() };
}

/** The principal a secret stands for, or null for an unknown or revoked one. */
export async function authenticate(db: Db, secret: string): Promise<ApiPrincipal | null> {
  const key = await db.apiKey.findUnique({ where: { hash: hashOf(secret) }, include: { salesRep: { select: { id: true, email: true } } } });
  if (!key || key.revokedAt) return null;
  // When it was last used helps decide which keys to revoke.
  await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  return { keyId: key.id, name: key.name, role: key.role as ApiRole, salesRep: key.salesRep };
}
