// /v1/audit: the audit log, for admin keys, filtered like `harpoon audit`.
import { auditFilterSchema, readAudit } from '../../audit/audit-log';
import type { ApiRoutes } from '../deps';
import { auditEntries } from '../responses/audit';

export const auditRoutes: ApiRoutes = (deps) => async (app) => {
  app.get(
    '/audit',
    { config: { roles: ['admin'] }, schema: { tags: ['audit'], summary: 'Who did what and when, newest first: every change through the API, the console and the CLI (admin keys only)', querystring: auditFilterSchema, response: { 200: auditEntries } } },
    (req) => readAudit(deps.db, req.query),
  );
};
