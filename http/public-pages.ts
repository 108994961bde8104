// What every public (link) endpoint shares: HTML answers that leak nothing, 405 with Allow for a
// wrong method, and a body parser that takes whatever a mail provider posts (the token says it all).
import type { FastifyInstance, FastifyReply } from 'fastify';

const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // The page URL holds the recipient's token: never pass it on.
  'Referrer-Policy': 'no-referrer',
};

export function sendHtml(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).headers(HTML_HEADERS).send(body);
}

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** Answers every other method on `url` with 405 and the methods that are allowed. */
export function allowOnly(app: FastifyInstance, url: string, allowed: (typeof methods)[number][]): void {
  app.route({
    method: methods.filter((m) => !allowed.includes(m)),
    url,
    schema: { hide: true },
    handler: (_req, reply) => reply.code(405).headers({ Allow: allowed.join(', '), 'Content-Type': 'text/plain' }).send('method not allowed\n'),
  });
}

/** Public pages take any body (one-click unsubscribe posts a form); none of them reads it. */
export function acceptAnyBody(app: FastifyInstance): void {
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, _body, done) => done(null, undefined));
}

/**
 * A page behind a signed link (the registration links of event invitations, say), written as a
 * framework-free function: it gets the token and answers a status and a page. Mounting one is an
 * entry in `signedLinks` (app/tracking-server.ts):
 * `{ method: 'GET', url: '/r/:token', handler: (token) => registerFromLink(db, token) }`.
 */
export type SignedLink = {
  method: 'GET' | 'POST';
  url: `${string}/:token`;
  handler: (token: string) => Promise<{ status: number; html: string }>;
};

export function mountSignedLink(app: FastifyInstance, link: SignedLink): void {
  app.route({
    method: link.method,
    url: link.url,
    schema: { hide: true },
    handler: async (req, reply) => {
      const { status, html } = await link.handler((req.params as { token: string }).token);
      return sendHtml(reply, status, html);
    },
  });
}
