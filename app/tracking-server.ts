// The HTTP server behind the links in every email, wired to the engagement path: opens, clicks
// and unsubscribes become timeline touches, queued for the account's running journeys.
// A link names its send by an opaque reference; the send's own row says whose it is and when it
// was delivered. Each open counts once per send and each click once per send and link; machine-made
// hits (domain/engagement/machine.ts) stay on the timeline, marked, and reach no journey unless
// TRACKING_COUNT_MACHINE says so.
import { createHash } from 'node:crypto';
import { answerInvitation } from '../programme-events/registrations';
import { recordEngagement } from '../engagement/record-engagement';
import type { Config } from '../config/env';
import type { Db } from '../db/client';
import { classifyHit, type MachineVerdict } from '../domain/engagement/machine';
import type { Client } from '@temporalio/client';
import { registerApi } from '../api/api';
import { registerCodecEndpoint, webUiOrigins } from '../api/codec';
import { registerConsole } from '../console/console';
import { startLinkUrl } from '../console/start-link';
import { ApiError } from '../http/errors';
import { startHttpServer, type EventOutcome, type HttpServer, type HttpServerOptions, type TrackedEvent } from '../http/server';
import { connectClient, temporalAddress } from '../temporal/connection';
import { payloadCodecFor } from '../temporal/data-converter';
import { messageIdForRef } from '../mail/compose';
import { trackingSecret } from '../mail/tracking';

export type TrackingRules = { machineWindowMs: number; countMachine: boolean };

/** Kept on the touch so the timeline can show why a hit was judged machine-made. */
const maxUserAgentLength = 200;

/**
 * The event id of a hit, the same for every repeat of it, so the touch's idempotency key (and the
 * journeys' de-duplication by event id) make it count once. Machine hits have ids of their own: a
 * scanner's click must not use up the one a person makes later.
 */
function trackedEventId(type: TrackedEvent['type'], send: string, url: string | undefined, machine: boolean): string {
  const link = type === 'clicked' && url ? `|${createHash('sha256').update(url).digest('hex').slice(0, 16)}` : '';
  return `${type}|${send}${link}${machine ? '|machine' : ''}`;
}

async function findSend(db: Db, send: string) {
  const row = await db.emailSend.findUnique({
    where: { messageId: messageIdForRef(send) },
    select: { idempotencyKey: true, contactId: true, sentAt: true },
  });
  // Internal emails to sales reps carry no tracked links: nothing of theirs is engagement.
  return row?.contactId ? { ...row, contactId: row.contactId } : null;
}

/** What the HTTP server hands its hits to: the recording of each, and the lookup of a link's send. */
export function trackingHandlers(
  db: Db,
  kick: (() => void) | undefined,
  rules: TrackingRules,
): Pick<HttpServerOptions, 'onEvent' | 'knowsSend' | 'answerInvitation'> {
  const oneAtATime = serialisedByKey();
  return {
    onEvent: (e) => recordTrackedEvent(db, kick, rules, e, oneAtATime),
    knowsSend: async (send) => (await findSend(db, send)) !== null,
    answerInvitation: async (req) => {
      const outcome = await answerInvitation(db, req);
      if ((outcome.queued ?? 0) > 0 || 'promotedContactId' in outcome) kick?.();
      return outcome;
    },
  };
}

/**
 * Runs work for the same key one after the other, so identical hits arriving together (a scanner
 * fetching a link twice at once) see each other's touch. Servers in other processes can still race;
 * then the touch's unique key keeps one touch and journeys drop the repeated event id.
 */
function serialisedByKey() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    // Runs after the previous hit whether it succeeded or failed: its failure is its own caller's
    // to report (that promise was returned to it) and must not stop the hits queued behind it.
    const previous = tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    tails.set(key, next);
    const forget = () => {
      if (tails.get(key) === next) tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  };
}

async function recordTrackedEvent(
  db: Db,
  kick: (() => void) | undefined,
  rules: TrackingRules,
  e: TrackedEvent,
  oneAtATime: ReturnType<typeof serialisedByKey>,
): Promise<EventOutcome> {
  const send = await findSend(db, e.payload.send);
  if (!send) return 'unknown_send';

  // Unsubscribing is never second-guessed: one-click POSTs from mail providers are machines by
  // design and speak for the recipient (RFC 8058).
  const verdict: MachineVerdict =
    e.type === 'unsubscribed'
      ? { machine: false }
      : classifyHit(
          { method: e.method, userAgent: e.userAgent, msSinceDelivery: send.sentAt ? e.at.getTime() - send.sentAt.getTime() : undefined },
          { windowMs: rules.machineWindowMs },
        );
  const eventId = trackedEventId(e.type, e.payload.send, e.payload.url, verdict.machine);
  const counted = !verdict.machine || rules.countMachine;
  // A hit seen before (same event id) is a duplicate: recordEngagement adds no touch and no delivery.
  return oneAtATime(eventId, async () => {
    const recorded = await recordEngagement(db, {
      type: e.type,
      contact: { id: send.contactId },
      tag: e.payload.tag,
      at: e.at,
      source: 'email',
      eventId,
      deliverToJourneys: counted,
      detail: {
        sendKey: send.idempotencyKey,
        ...(e.payload.url ? { url: e.payload.url } : {}),
        ...(e.userAgent ? { userAgent: e.userAgent.slice(0, maxUserAgentLength) } : {}),
        ...(verdict.machine ? { machine: true, machineReason: verdict.reason, counted } : {}),
      },
    });
    if (recorded.queued.length > 0) kick?.();
    return recorded.outcome === 'recorded' ? 'recorded' : 'duplicate';
  });
}

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
      await registerApi(app, { db, temporal: () => temporal(), taskQueue: cfg.temporal.taskQueue, kick });
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
