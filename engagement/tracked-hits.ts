// Tracked hits on their way in: the links in every email (opens, clicks, unsubscribes) and the
// invitation answers behind them become timeline touches, queued for the account's running journeys.
// A link names its send by an opaque reference; the send's own row says whose it is and when it
// was delivered. Each open counts once per send and each click once per send and link; machine-made
// hits (domain/engagement/machine.ts) stay on the timeline, marked, and reach no journey unless
// TRACKING_COUNT_MACHINE says so. The HTTP server (http/tracking-routes.ts) hands its hits here.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { classifyHit, type MachineVerdict } from '../domain/engagement/machine';
import type { EventOutcome, HttpServerOptions, TrackedEvent } from '../http/server';
import { messageIdForRef } from '../mail/compose';
import { answerInvitation } from '../programme-events/registrations';
import { recordEngagement } from './record-engagement';

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
