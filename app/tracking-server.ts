// Harpoon's HTTP server as a process runs it: the tracking links (their hits go down the engagement
// path, engagement/tracked-hits.ts), the /v1 API, the codec endpoint and the web console, with the
// Temporal client they share and the console's notice when Temporal is away.
import type { Client } from '@temporalio/client';
import { registerApi } from '../api/api';
import { registerCodecEndpoint, webUiOrigins } from '../api/codec';
import type { Config } from '../config/env';
import { registerConsole } from '../console/console';
import { startLinkUrl } from '../console/start-link';
import type { Db } from '../db/client';
import { trackingHandlers } from '../engagement/tracked-hits';
import { ApiError } from '../http/errors';
import { startHttpServer, type HttpServer } from '../http/server';
import { trackingSecret } from '../mail/tracking';
import { connectClient, temporalAddress } from '../temporal/connection';
import { payloadCodecFor } from '../temporal/data-converter';

/**
 * Harpoon's HTTP server: the tracking and unsubscribe links, the /v1 API and the web console. `kick`: the journey
 * dispatcher of this process, if it runs one; otherwise a dispatcher elsewhere polls the queue.
 * `client`: this process's Temporal client; without one the API connects when it first needs
 * Temporal (and again after a failure), so the server starts and records events while Temporal is away.
 */
export async function startTrackingServer(
  cfg: Config,
  db: Db,
  kick: (() => void) | undefined,
  log: (line: string) => void,
  client?: Client,
): Promise<HttpServer> {
  let connecting: Promise<Client> | undefined = client ? Promise.resolve(client) : undefined;
  const unreachable = (err: Error) =>
    new ApiError(503, `Temporal at ${temporalAddress(cfg)} is unreachable (${err.message}); try again when it is back`);
  // A connection made earlier says nothing about now: ask the server, briefly, before each use, so a
  // request fails fast with 503 instead of waiting out the client's retries.
  const temporal = async (waitMs = 3000) => {
    const ready = await (connecting ??= connectClient(cfg, { connectTimeoutMs: waitMs }).catch((err: Error) => {
      connecting = undefined;
      throw unreachable(err);
    }));
    await ready.connection.withDeadline(Date.now() + waitMs, () => ready.workflowService.getSystemInfo({})).catch((err: Error) => {
      throw unreachable(err);
    });
    return ready;
  };
  // The console's notice: asked at most every few seconds, and briefly, so a page never waits long.
  let notice: { atMs: number; text?: string; asking?: Promise<string | undefined> } = { atMs: 0 };
  const temporalNotice = async () => {
    if (Date.now() - notice.atMs < 3000) return notice.text;
    notice.asking ??= temporal(1500).then(
      () => undefined,
      () =>
        `Temporal at ${temporalAddress(cfg)} is unreachable: journeys are not moving on, and live details (step, next wake-up, engagement) ` +
        'and actions that need Temporal are unavailable. What you see comes from the database. ' +
        'Check that "npm start" (or your Temporal cluster) is running; this notice goes away when it is back.',
    ).then((text) => {
      notice = { atMs: Date.now(), text };
      return text;
    });
    return notice.asking;
  };
  const secret = trackingSecret(cfg.http.trackingSecret, cfg.dataDir);
  const server = await startHttpServer({
    port: cfg.http.port,
    host: cfg.http.host,
    secret,
    ...trackingHandlers(db, kick, cfg.tracking),
    log,
    requestLog: log,
    // Pages behind signed links beyond tracking and unsubscribe, one entry each:
    // { method: 'GET', url: '/r/:token', handler: (token) => registerFromLink(db, token) }.
    signedLinks: [],
    routes: async (app) => {
      await registerApi(app, { db, temporal: () => temporal(), taskQueue: cfg.temporal.taskQueue, kick, outboxDir: cfg.smtp.outboxDir, callsPerMinute: cfg.http.apiCallsPerMinute });
      await registerCodecEndpoint(app, { db, codec: payloadCodecFor(cfg), corsOrigins: webUiOrigins(cfg.temporal.uiUrl) });
      await registerConsole(app, { db, temporal: () => temporal(), temporalNotice, taskQueue: cfg.temporal.taskQueue, kick, secret, temporalUi: { url: cfg.temporal.uiUrl, namespace: cfg.temporal.namespace } });
    },
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      // Only the connection this server opened itself; one that never opened was reported to the
      // request that needed it, and there is nothing to close.
      if (!client && connecting) await (await connecting.catch(() => undefined))?.connection.close();
    },
  };
}

/**
 * What a started HTTP server tells its operator: where the links, the API and the console are.
 * `signInLink`: also a link that signs the terminal's holder in as admin (npm start's embedded defaults).
 */
export const httpServerBanner = (http: HttpServer, cfg: Config, signInLink = false) => [
  `[harpoon] tracking links and the API served at ${http.url} (public as ${cfg.http.publicUrl}; API reference at ${http.url}/docs)`,
  `[harpoon] web console at ${http.url}/console (sign in with a key from "npx harpoon keys create")`,
  ...(signInLink ? [`[harpoon] or open ${startLinkUrl(http.url, trackingSecret(cfg.http.trackingSecret, cfg.dataDir))} to sign in as admin (valid 12 hours)`] : []),
];
