// The public endpoints behind the links in every email: the open pixel, click redirects and the
// unsubscribe page with RFC 8058 one-click POST. Each turns a signed token into an event for the
// caller to record; the server itself keeps no state. Whether a hit was a person or a machine, and
// whether it was seen before, is the caller's judgement: the server reports the facts it saw.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyToken, type TrackingPayload } from '../mail/tracking';
import { answerInvitationLink, type RegistrationDeps } from './registration';
import { confirmUnsubscribePage, invalidLinkPage, notFoundPage, tryAgainPage, unsubscribedPage } from './pages';

export type TrackedEvent = {
  type: 'opened' | 'clicked' | 'unsubscribed';
  payload: TrackingPayload;
  /** HEAD on /t/open and /t/click is answered like GET, without a body. */
  method: 'GET' | 'HEAD' | 'POST';
  at: Date;
  userAgent?: string;
  ip?: string;
};

/** `unknown_send`: a genuine token for a send the caller has no record of; the link counts as invalid. */
export type EventOutcome = 'recorded' | 'duplicate' | 'unknown_send';

export type HttpServerOptions = {
  port: number;
  host?: string;
  secret: string;
  onEvent: (e: TrackedEvent) => Promise<EventOutcome | void>;
  /** Whether the caller knows the send a token names, before the unsubscribe page is shown; yes when absent. */
  knowsSend?: (send: string) => Promise<boolean>;
  /** The time stamped on each event; the system clock by default (tests run it on the journeys' clock). */
  now?: () => Date;
  /** Where failures to record an event are reported; stderr by default. */
  log?: (line: string) => void;
  /** Records an event invitation's register / decline answer (http/registration.ts); without it those links are not found. */
  answerInvitation?: RegistrationDeps['answer'];
};

export type HttpServer = { port: number; url: string; stop(): Promise<void> };

// The smallest transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // The page URL holds the recipient's token: never pass it on.
  'Referrer-Policy': 'no-referrer',
};

function sendHtml(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...HTML_HEADERS, ...extra });
  res.end(body);
}

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = opts.now ?? (() => new Date());

  const tokenFor = (kind: TrackingPayload['kind'], token: string | null | undefined): TrackingPayload | null => {
    const payload = token ? verifyToken(token, opts.secret) : null;
    return payload?.kind === kind ? payload : null;
  };

  const record = (type: TrackedEvent['type'], payload: TrackingPayload, req: IncomingMessage) =>
    opts.onEvent({
      type,
      payload,
      method: req.method as TrackedEvent['method'],
      at: now(),
      userAgent: req.headers['user-agent'],
      ip: req.socket.remoteAddress,
    });

  /** For opens and clicks the recipient's experience comes first: a failed record is only logged. */
  const recordQuietly = (type: TrackedEvent['type'], payload: TrackingPayload, req: IncomingMessage) =>
    record(type, payload, req).catch((err: unknown) => {
      log(`[http] could not record ${type} for send ${payload.send}: ${String(err)}`);
    });

  async function openPixel(req: IncomingMessage, res: ServerResponse, url: URL) {
    const payload = tokenFor('open', url.searchParams.get('t'));
    if (payload) await recordQuietly('opened', payload, req);
    // A pixel even for a bad token or an unknown send: mail clients show broken images, never error pages.
    res.writeHead(200, {
      'Content-Type': 'image/gif',
      'Content-Length': PIXEL.length,
      'Cache-Control': 'no-store, no-cache, must-revalidate, max-age=0',
    });
    res.end(PIXEL);
  }

  async function clickRedirect(req: IncomingMessage, res: ServerResponse, url: URL) {
    const payload = tokenFor('click', url.searchParams.get('t'));
    // Only the signed destination: anything else would make this an open redirect.
    if (!payload?.url) return sendHtml(res, 400, invalidLinkPage());
    if ((await recordQuietly('clicked', payload, req)) === 'unknown_send') return sendHtml(res, 400, invalidLinkPage());
    res.writeHead(302, { Location: payload.url, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    res.end();
  }

  async function unsubscribe(req: IncomingMessage, res: ServerResponse, token: string) {
    const payload = tokenFor('unsubscribe', token);
    if (!payload) return sendHtml(res, 400, invalidLinkPage());
    if (req.method === 'GET') {
      const known = opts.knowsSend ? await opts.knowsSend(payload.send) : true;
      return known ? sendHtml(res, 200, confirmUnsubscribePage()) : sendHtml(res, 400, invalidLinkPage());
    }
    // The body (List-Unsubscribe=One-Click from mail providers and from our own form) adds
    // nothing the token does not already say.
    req.resume();
    let outcome: EventOutcome | void;
    try {
      outcome = await record('unsubscribed', payload, req);
    } catch (err) {
      log(`[http] could not record the unsubscribe for send ${payload.send}: ${String(err)}`);
      return sendHtml(res, 500, tryAgainPage());
    }
    if (outcome === 'unknown_send') return sendHtml(res, 400, invalidLinkPage());
    // Also for a `duplicate`: a retrying mail provider or a second press gets the first answer again.
    sendHtml(res, 200, unsubscribedPage());
  }

  type Handler = () => unknown;
  const allow = (req: IncomingMessage, res: ServerResponse, methods: Record<string, Handler>) => {
    const handler = methods[req.method ?? ''];
    if (handler) return handler();
    res.writeHead(405, { Allow: Object.keys(methods).join(', '), 'Content-Type': 'text/plain' });
    res.end('method not allowed\n');
  };

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const unsubscribeToken = /^\/u\/([^/]+)$/.exec(url.pathname)?.[1];
    if (url.pathname === '/healthz') {
      return allow(req, res, {
        GET: () => {
          res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
          res.end('ok');
        },
      });
    }
    // HEAD gets the GET answer without a body (Node leaves it out); the caller records it as a machine.
    if (url.pathname === '/t/open') {
      const handler = () => openPixel(req, res, url);
      return allow(req, res, { GET: handler, HEAD: handler });
    }
    if (url.pathname === '/t/click') {
      const handler = () => clickRedirect(req, res, url);
      return allow(req, res, { GET: handler, HEAD: handler });
    }
    const answer = /^\/e\/(register|decline)$/.exec(url.pathname)?.[1] as 'register' | 'decline' | undefined;
    if (answer && opts.answerInvitation) {
      const deps = { secret: opts.secret, answer: opts.answerInvitation, now, log };
      const handler = async () => {
        req.resume();
        const { status, html } = await answerInvitationLink(deps, answer, req.method as 'GET' | 'POST', url.searchParams.get('t'));
        sendHtml(res, status, html);
      };
      return allow(req, res, { GET: handler, POST: handler });
    }
    if (unsubscribeToken) {
      const handler = () => unsubscribe(req, res, unsubscribeToken);
      return allow(req, res, { GET: handler, POST: handler });
    }
    sendHtml(res, 404, notFoundPage());
  }

  const server = http.createServer((req, res) => {
    Promise.resolve(route(req, res)).catch((err: unknown) => {
      log(`[http] ${req.method} ${req.url?.split('?')[0]} failed: ${String(err)}`);
      if (!res.headersSent) sendHtml(res, 500, tryAgainPage());
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive connections from browsers would otherwise hold the close open.
        server.closeAllConnections();
      }),
  };
}
