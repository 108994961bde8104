// The headers every answer of Harpoon's HTTP server carries unless its route set its own: no MIME
// sniffing, no framing by another site, and no Referer, since many of its URLs hold a token (signed
// links, task links, the unsubscribe page) that must not travel to the next site a person opens. An
// HTML answer that set no Content-Security-Policy (the not-found and try-again pages) gets one that allows nothing but its own inline style. The console, the signed-link pages and
// /docs set a policy of their own, which is kept.
import type { FastifyInstance } from 'fastify';

const everyAnswer = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;

const htmlPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [name, value] of Object.entries(everyAnswer)) if (!reply.hasHeader(name)) reply.header(name, value);
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    if (html && !reply.hasHeader('content-security-policy')) reply.header('Content-Security-Policy', htmlPolicy);
    return payload;
  });
}
