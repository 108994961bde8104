// Harpoon's one HTTP server (Fastify with zod schemas): the public pages behind signed links
// (tracking, unsubscribe, event registration, and any mounted with `signedLinks`), and whatever `routes` adds (the /v1
// API, api/api.ts). Request logs name the route pattern, the status and the time taken: never a
// query string, a token or an address.
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { bodyLimitBytes, frameworkErrors, handleErrors } from './errors';
import { registerInvitationRoutes } from './invitation-routes';
import { addSecurityHeaders } from './security-headers';
import { acceptAnyBody, mountSignedLink, type SignedLink } from './public-pages';
import type { RegistrationDeps } from './registration';
import { registerTrackingRoutes, type TrackingOptions } from './tracking-routes';

export type { EventOutcome, TrackedEvent } from './tracking-routes';
export type { SignedLink } from './public-pages';

export type HttpServerOptions = Omit<TrackingOptions, 'log'> & {
  port: number;
  host?: string;
  /** Where failures are reported; stderr by default. */
  log?: (line: string) => void;
  /** One line per request (method, route pattern, status, ms); none by default. */
  requestLog?: (line: string) => void;
  /** Records an event invitation's register / decline answer (http/registration.ts); without it those links are not found. */
  answerInvitation?: RegistrationDeps['answer'];
  /** More pages behind signed links. */
  signedLinks?: SignedLink[];
  /** More routes (the /v1 API); without them the server answers only the public links. */
  routes?: (app: FastifyInstance) => Promise<void>;
};

export type HttpServer = { port: number; url: string; stop(): Promise<void> };

async function buildHttpApp(opts: Omit<HttpServerOptions, 'port' | 'host'>): Promise<FastifyInstance> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Signed tokens sit in the path (/u/<token>) and run to a few hundred characters.
  const app = Fastify({ logger: false, bodyLimit: bodyLimitBytes, forceCloseConnections: true, routerOptions: { maxParamLength: 4096 }, frameworkErrors });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  handleErrors(app, log);
  addSecurityHeaders(app);
  if (opts.requestLog) {
    const requestLog = opts.requestLog;
    app.addHook('onResponse', async (req, reply) => {
      requestLog(`[http] ${req.method} ${req.routeOptions.url ?? '(unmatched)'} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`);
    });
  }

  app.get('/healthz', { schema: { hide: true } }, (_req, reply) => reply.code(200).headers({ 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).send('ok'));

  await app.register(async (links) => {
    acceptAnyBody(links);
    registerTrackingRoutes(links, { ...opts, log });
    if (opts.answerInvitation) registerInvitationRoutes(links, { secret: opts.secret, answer: opts.answerInvitation, now: opts.now, log });
    for (const link of opts.signedLinks ?? []) mountSignedLink(links, link);
  });
  await opts.routes?.(app);
  return app;
}

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const app = await buildHttpApp(opts);
  await app.listen({ port: opts.port, host });
  const { port } = app.server.address() as AddressInfo;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    // forceCloseConnections: keep-alive connections from browsers would otherwise hold the close open.
    stop: () => app.close(),
  };
}
