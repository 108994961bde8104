// The web console at /console: server-rendered pages on the HTTP server, one file per page under
// console/pages. Pages name who may open them (`consoleRoles`); the session hook signs the viewer
// in from the cookie, sends strangers to the sign-in page, answers other roles with a 403 page, and
// refuses every POST whose CSRF token is not the session's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { projectRoot } from '../config/env';
import { forForm } from '../domain/fields/field-ref';
import { UseCaseError, type UseCaseErrorKind } from '../domain/use-case-error';
import { ApiError, statusOf } from '../http/errors';
import { auditRequests } from '../audit/audit-requests';
import type { ConsoleDeps, ConsolePages } from './deps';
import { messagePage, sendPage, withNotice } from './layout';
import { accountPages } from './pages/account';
import { accountListPages } from './pages/accounts';
import { attributionPages } from './pages/attribution';
import { audiencePages } from './pages/audiences';
import { auditPages } from './pages/audit';
import { dashboardPages } from './pages/dashboard';
import { liftPages } from './pages/lift';
import { eventPages } from './pages/programme-events';
import { experimentPages } from './pages/experiments';
import { inboxPages } from './pages/inbox';
import { journeyPages } from './pages/journeys';
import { journeyStepPages } from './pages/journey';
import { signInPages } from './pages/sign-in';
import { webhookPages } from './pages/webhooks';
import { csrfMatches, viewerOf } from './session';

/** How a page names a refusal of the use-cases, by its kind. */
const refusalTitles: Record<UseCaseErrorKind, string> = { not_found: 'Not found', forbidden: 'Not yours to open', conflict: 'Not done', invalid: 'Not done' };

const pages: ConsolePages[] = [signInPages, inboxPages, accountListPages, accountPages, dashboardPages, attributionPages, liftPages, journeyPages, journeyStepPages, eventPages, experimentPages, audiencePages, auditPages, webhookPages];

const chartJs = path.join(path.dirname(createRequire(path.join(projectRoot, 'package.json')).resolve('chart.js')), 'chart.umd.min.js');
const assets: Record<string, { file: string; type: string }> = {
  'console.css': { file: path.join(projectRoot, 'console/assets/console.css'), type: 'text/css; charset=utf-8' },
  'console.js': { file: path.join(projectRoot, 'console/assets/console.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard.js': { file: path.join(projectRoot, 'console/assets/dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'chart.js': { file: chartJs, type: 'text/javascript; charset=utf-8' },
};

export async function registerConsole(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  await app.register(
    async (c) => {
      c.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
        done(null, Object.fromEntries(new URLSearchParams(body as string))),
      );

      // A use-case's refusal (what the API answers with the same status), or what the layers below
      // refuse with a status of their own (Temporal unreachable: 503), is said on a console page;
      // anything else goes on to the server's handler, which logs it with an id.
      c.setErrorHandler((err, req, reply) => {
        const back = { href: req.url.replace(/\/(steer|launch|accept|reject|opportunity|won|lost)$/, ''), label: 'Back' };
        if (err instanceof UseCaseError) {
          const elsewhere = err.kind === 'not_found' || err.kind === 'forbidden';
          return sendPage(reply, statusOf[err.kind], messagePage(req.viewer ?? null, refusalTitles[err.kind], forForm(err.message), elsewhere ? { href: '/console', label: 'Back to your start page' } : back));
        }
        if (!(err instanceof ApiError)) throw err;
        return sendPage(reply, err.status, messagePage(req.viewer ?? null, 'Not done', `${err.message}.`, back));
      });

      auditRequests(c, deps.db, 'console', (req) =>
        req.viewer ? `console ${req.viewer.role}${req.viewer.rep ? ` ${req.viewer.rep.name ?? req.viewer.rep.id}` : ''}${req.viewer.keyName ? ` (key "${req.viewer.keyName}")` : ''}` : undefined,
      );

      // A field given twice in an edited URL (`?tier=1&tier=2`) arrives as a list, which every page
      // reads as text (a 500): the last one counts, as when a form sets a field twice.
      c.addHook('onRequest', async (req) => {
        const query = req.query as Record<string, string | string[]>;
        req.query = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? (v.at(-1) ?? '') : v]));
      });

      // While Temporal is away every page says so at the top, and still shows what the database knows.
      c.addHook('onSend', async (_req, reply, payload) => {
        if (!deps.temporalNotice || typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
        const notice = await deps.temporalNotice();
        return notice ? withNotice(payload, notice) : payload;
      });

      c.addHook('preHandler', async (req, reply) => {
        const roles = req.routeOptions.config.consoleRoles;
        if (!roles) return;
        const viewer = await viewerOf(req, deps.db, deps.secret);
        if (!viewer) {
          if (req.method === 'GET') return reply.redirect('/console/sign-in', 303);
          return sendPage(reply, 401, messagePage(null, 'Signed out', 'Your session ended: sign in again, then repeat what you did.', { href: '/console/sign-in', label: 'Sign in' }));
        }
        if (!roles.includes(viewer.role)) {
          return sendPage(reply, 403, messagePage(viewer, 'Not yours to open', `A ${viewer.role} sign-in cannot open this page.`, { href: '/console', label: 'Back to your start page' }));
        }
        if (req.method === 'POST' && !csrfMatches(viewer, (req.body as Record<string, unknown> | undefined)?._csrf)) {
          return sendPage(reply, 403, messagePage(viewer, 'Form expired', 'This form came from an older session or another site: reload the page and try again.'));
        }
        req.viewer = viewer;
      });

      for (const [name, asset] of Object.entries(assets)) {
        const body = readFileSync(asset.file);
        c.get(`/console/assets/${name}`, { schema: { hide: true } }, (_req, reply) =>
          reply.headers({ 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' }).send(body),
        );
      }
      for (const register of pages) await c.register(register(deps));
    },
  );
}
