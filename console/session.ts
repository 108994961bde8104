// Console sessions: a signed cookie (HttpOnly, SameSite=Strict, path /console) naming the role, the
// API key it came from (so revoking the key ends the session at once) or the rep a task link signed
// in, and a CSRF token that every form posts back. Nothing is kept server-side; the cookie holds IDs.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/client';
import { apiRole, type ApiRole } from '../domain/access/roles';
import { signPayload, verifyPayload } from '../mail/signed-payload';

const cookieName = 'harpoon_console';
const purpose = 'console-session';
const lifetimeMs = 12 * 3_600_000;

const sessionSchema = z.object({ role: apiRole, key: z.string().nullable(), rep: z.string().nullable(), csrf: z.string().min(16) });
type SessionCookie = z.infer<typeof sessionSchema>;

export type Viewer = {
  role: ApiRole;
  /** The rep a sales session acts for (its tasks and accounts only). */
  rep: { id: string; email: string; name: string | null } | null;
  /** The API key the session signed in with; null for a sign-in by a task link. */
  keyName: string | null;
  csrf: string;
};

function readCookie(req: FastifyRequest): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName) return value.join('=');
  }
  return undefined;
}

export function startSession(reply: FastifyReply, secret: string, who: { role: ApiRole; key: string | null; rep: string | null }): void {
  const value: SessionCookie = { ...who, csrf: randomBytes(24).toString('base64url') };
  const token = signPayload(value, secret, purpose, Date.now() + lifetimeMs);
  reply.header('Set-Cookie', `${cookieName}=${token}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${lifetimeMs / 1000}`);
}

export function endSession(reply: FastifyReply): void {
  reply.header('Set-Cookie', `${cookieName}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
}

/** Who is looking, or null: no session, a forged or expired one, or one whose key was revoked. */
export async function viewerOf(req: FastifyRequest, db: Db, secret: string): Promise<Viewer | null> {
  const token = readCookie(req);
  if (!token) return null;
  const verified = verifyPayload(token, sessionSchema, secret, purpose);
  if (!verified.ok) return null;
  const s = verified.payload;
  const key = s.key ? await db.apiKey.findUnique({ where: { id: s.key } }) : null;
  if (s.key && (!key || key.revokedAt)) return null;
  const rep = s.rep ? await db.salesRep.findUnique({ where: { id: s.rep }, select: { id: true, email: true, name: true } }) : null;
  if (s.role === 'sales' && !rep) return null;
  return { role: s.role, rep, keyName: key?.name ?? null, csrf: s.csrf };
}

/** A form's token matches the session's: a page on another site cannot post as the viewer. */
export function csrfMatches(viewer: Viewer, posted: unknown): boolean {
  if (typeof posted !== 'string') return false;
  const a = Buffer.from(posted);
  const b = Buffer.from(viewer.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}
