// API keys on /v1: `Authorization: Bearer <secret>`. Each route names the roles it admits in its
// config; signed links (tracking, unsubscribe, registration) are outside /v1 and need no key.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, type ApiPrincipal } from '../use-cases/api-keys';
import type { Db } from '../db/client';
import type { ActingUser } from '../domain/access/acting-user';
import type { ApiRole } from '../domain/access/roles';
import { ApiError } from '../http/errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; a /v1 route without it admits admin keys only. */
    roles?: readonly ApiRole[];
  }
  interface FastifyRequest {
    principal?: ApiPrincipal;
  }
}

/** Who a /v1 call acts for (the auth hook sets the principal before any handler runs): a sales key, its rep. */
export const actingUserOf = (req: FastifyRequest): ActingUser => {
  const principal = req.principal!;
  return { role: principal.role, rep: principal.role === 'sales' ? principal.salesRep : null };
};

export function requireKeys(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization ?? '';
    const secret = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!secret) throw new ApiError(401, 'missing API key: send "Authorization: Bearer <key>" (create one with "harpoon keys create")');
    const principal = await authenticate(db, secret);
    if (!principal) throw new ApiError(401, 'unknown or revoked API key');
    const roles = req.routeOptions.config.roles ?? ['admin'];
    if (!roles.includes(principal.role)) throw new ApiError(403, `a ${principal.role} key may not call this endpoint (it needs ${roles.join(' or ')})`);
    req.principal = principal;
  });
}
