// Audits the HTTP doors: every request that may change something and succeeded is appended to the
// audit log before its answer leaves, with who made it (the door says how to name them).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import { isAuditedRequest } from '../domain/audit/audit-text';
import { recordAudit, type AuditDoor } from './audit-log';

export function auditRequests(app: FastifyInstance, db: Db, door: AuditDoor, actorOf: (req: FastifyRequest) => string | undefined): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const route = req.routeOptions.url;
    if (!route || reply.statusCode >= 400 || !isAuditedRequest(req.method, route)) return payload;
    const actor = actorOf(req);
    if (actor === undefined) return payload;
    const entry = { door, actor, action: `${req.method} ${route}`, detail: { params: req.params, query: req.query, status: reply.statusCode } };
    try {
      await recordAudit(db, entry);
    } catch (err) {
      // The action is done and its answer must go out; the missing entry is said loudly, in full,
      // so it can be added by hand.
      req.log.error(err);
      process.stderr.write(`[audit] NOT RECORDED (${(err as Error).message}): ${JSON.stringify(entry)}\n`);
    }
    return payload;
  });
}

/** How the audit log names an API key. */
export const keyActor = (name: string, role: string) => `key "${name}" (${role})`;
