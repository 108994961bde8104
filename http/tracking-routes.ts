// The public endpoints behind the links in every email: the open pixel, click redirects and the
// unsubscribe page with RFC 8058 one-click POST. Each turns a signed token into an event for the
// caller to record; the routes keep no state. Whether a hit was a person or a machine, and whether
// it was seen before, is the caller's judgement: the routes report the facts they saw.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyToken, type TrackingPayload } from '../mail/tracking';
import { confirmUnsubscribePage, invalidLinkPage, notFoundPage, tryAgainPage, unsubscribedPage } from './pages';
import { allowOnly, sendHtml } from './public-pages';
import { errorWithCauses } from '../client/error-words';

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

export type TrackingOptions = {
  secret: string;
  onEvent: (e: TrackedEvent) => Promise<EventOutcome | void>;
  /** Whether the caller knows the send a token names, before the unsubscribe page is shown; yes when absent. */
  knowsSend?: (send: string) => Promise<boolean>;
  /** The time stamped on each event; the system clock by default (tests run it on the journeys' clock). */
  now?: () => Date;
  /** Where failures to record an event are reported. */
  log: (line: string) => void;
};

// The smallest transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function registerTrackingRoutes(app: FastifyInstance, opts: TrackingOptions): void {
  const now = opts.now ?? (() => new Date());
  const tokenFor = (kind: TrackingPayload['kind'], token: string | undefined): TrackingPayload | null => {
    const payload = token ? verifyToken(token, opts.secret) : null;
    return payload?.kind === kind ? payload : null;
  };
  const queryToken = (req: FastifyRequest) => (req.query as { t?: string | string[] }).t?.toString();

  const record = (type: TrackedEvent['type'], payload: TrackingPayload, req: FastifyRequest) =>
    opts.onEvent({
      type,
      payload,
      method: req.method as TrackedEvent['method'],
      at: now(),
      userAgent: req.headers['user-agent'],
      ip: req.socket.remoteAddress,
    });

  /** For opens and clicks the recipient's experience comes first: a failed record is only logged. */
  const recordQuietly = (type: TrackedEvent['type'], payload: TrackingPayload, req: FastifyRequest) =>
    record(type, payload, req).catch((err: unknown) => {
      opts.log(`[http] could not record ${type} for send ${payload.send}: ${errorWithCauses(err)}`);
    });

  // HEAD gets the GET answer without a body (Fastify adds the HEAD route); the caller records it as a machine.
  app.get('/t/open', async (req, reply) => {
    const payload = tokenFor('open', queryToken(req));
    if (payload) await recordQuietly('opened', payload, req);
    // A pixel even for a bad token or an unknown send: mail clients show broken images, never error pages.
    return reply
      .code(200)
      .headers({ 'Content-Type': 'image/gif', 'Content-Length': PIXEL.length, 'Cache-Control': 'no-store, no-cache, must-revalidate, max-age=0' })
      .send(PIXEL);
  });
  allowOnly(app, '/t/open', ['GET', 'HEAD']);

  app.get('/t/click', async (req, reply) => {
    const payload = tokenFor('click', queryToken(req));
    // Only the signed destination: anything else would make this an open redirect.
    if (!payload?.url) return sendHtml(reply, 400, invalidLinkPage());
    if ((await recordQuietly('clicked', payload, req)) === 'unknown_send') return sendHtml(reply, 400, invalidLinkPage());
    return reply.code(302).headers({ Location: payload.url, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).send();
  });
  allowOnly(app, '/t/click', ['GET', 'HEAD']);

  const unsubscribe = async (req: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
    if (req.params.token === '') return sendHtml(reply, 404, notFoundPage());
    const payload = tokenFor('unsubscribe', req.params.token);
    if (!payload) return sendHtml(reply, 400, invalidLinkPage());
    if (req.method === 'GET') {
      const known = opts.knowsSend ? await opts.knowsSend(payload.send) : true;
      return known ? sendHtml(reply, 200, confirmUnsubscribePage()) : sendHtml(reply, 400, invalidLinkPage());
    }
    // The body (List-Unsubscribe=One-Click from mail providers and from our own form) adds
    // nothing the token does not already say.
    let outcome: EventOutcome | void;
    try {
      outcome = await record('unsubscribed', payload, req);
    } catch (err) {
      opts.log(`[http] could not record the unsubscribe for send ${payload.send}: ${errorWithCauses(err)}`);
      return sendHtml(reply, 500, tryAgainPage());
    }
    if (outcome === 'unknown_send') return sendHtml(reply, 400, invalidLinkPage());
    // Also for a `duplicate`: a retrying mail provider or a second press gets the first answer again.
    return sendHtml(reply, 200, unsubscribedPage());
  };
  app.route({ method: ['GET', 'POST'], url: '/u/:token', exposeHeadRoute: false, handler: unsubscribe });
  allowOnly(app, '/u/:token', ['GET', 'POST']);
}
