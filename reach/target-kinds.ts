// The kinds of place a reach event goes, one entry each: which events it can take, and how one
// attempt delivers an event there. What is around an attempt is the same for every kind (the durable
// workflow, Temporal's retries, the attempt recorded on the delivery: activities/reach.ts). A kind
// that is one signed POST builds its request (`overHttp`); a kind that makes several calls (a CRM
// sync) gives its own `deliver` and says what happened as an AttemptOutcome.
import type { Db } from '../db/client';
import { deliverToCrm } from './crm-target';
import type { CrmConnection } from './crm/crm-connection';
import { crmEventTypes } from './crm/sync-event';
import { alertEventTypes, alertLines, slackMessage, teamsMessage } from './chat-alerts';
import { loadEventFacts, type EventFacts } from './event-facts';
import { attempt, type AttemptOutcome, type OutgoingRequest } from './http-attempt';
import { reachEventTypes, type ReachEvent, type ReachEventType } from './reach-event';
import { webhookBody } from './webhook-body';
import { eventIdHeader, signatureHeader, signWebhook } from './webhook-signature';

export type TargetRow = { id: string; kind: string; url: string; secret: string | null; events: string; ownerId: string | null };
export type DeliveryContext = { db: Db; publicUrl: string; nowMs: number; crms: CrmConnection[] };

export type TargetKind = {
  /** The event types a target of this kind may hear. */
  events: readonly ReachEventType[];
  /** One attempt: delivered, worth retrying (and when), or refused for good. */
  deliver(event: ReachEvent, target: TargetRow, ctx: DeliveryContext): Promise<AttemptOutcome>;
};

/** One HTTP call's timeout; the activity's own (a minute) leaves room to record it. */
const attemptTimeoutMs = 15_000;

/** A kind whose attempt is one POST, built from the event's facts as they are now. */
function overHttp(events: readonly ReachEventType[], request: (facts: EventFacts, target: TargetRow, nowMs: number) => OutgoingRequest): TargetKind {
  return {
    events,
    async deliver(event, target, { db, publicUrl, nowMs }) {
      const facts = await loadEventFacts(db, event, publicUrl);
      if (!facts) return { kind: 'refused', status: null, error: 'the account no longer exists (erased): nothing to tell' };
      return attempt(request(facts, target, nowMs), attemptTimeoutMs);
    },
  };
}

const json = { 'content-type': 'application/json' };

export const targetKinds: Record<string, TargetKind> = {
  webhook: overHttp(reachEventTypes, (facts, target, nowMs) => {
    const body = JSON.stringify(webhookBody(facts));
    // The event id, not the delivery's: the same on every retry and replay, and across subscriptions.
    return { url: target.url, body, headers: { ...json, [eventIdHeader]: facts.event.id, [signatureHeader]: signWebhook(target.secret ?? '', body, nowMs) } };
  }),
  slack: overHttp(alertEventTypes, (facts, target) => ({ url: target.url, headers: json, body: JSON.stringify(slackMessage(alertLines(facts))) })),
  teams: overHttp(alertEventTypes, (facts, target) => ({ url: target.url, headers: json, body: JSON.stringify(teamsMessage(alertLines(facts))) })),
  // A CRM target's url is the CRM's kind (reach/crm-target.ts): the sync makes several calls.
  crm: { events: crmEventTypes, deliver: (event, target, { db, crms }) => deliverToCrm(db, crms, event, target.url) },
};

export const targetKind = (name: string): TargetKind | undefined => (Object.hasOwn(targetKinds, name) ? targetKinds[name] : undefined);

/** Where a target is, in a few words: its URL's host (a kind whose "url" is no URL says it as it is). */
export const targetHost = (url: string) => (URL.canParse(url) ? new URL(url).host : url);

/** The event types a target stored as "a,b,c" hears. */
export const targetEvents = (target: Pick<TargetRow, 'events'>) => target.events.split(',').filter(Boolean);
