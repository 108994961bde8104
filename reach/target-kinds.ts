// The kinds of place a reach event goes, one entry each: which events it can take, and how to build
// the HTTP request for one event. Delivery (activities/reach.ts) is the same for every kind: the
// durable workflow, retries, the recorded attempts. A new kind (the CRM) is one more entry here.
import { alertEventTypes, alertLines, slackMessage, teamsMessage } from './chat-alerts';
import type { EventFacts } from './event-facts';
import { reachEventTypes, type ReachEventType } from './reach-event';
import { webhookBody } from './webhook-body';
import { eventIdHeader, signatureHeader, signWebhook } from './webhook-signature';

export type TargetRow = { id: string; kind: string; url: string; secret: string | null; events: string; ownerId: string | null };
export type OutgoingRequest = { url: string; headers: Record<string, string>; body: string };

export type TargetKind = {
  /** The event types a target of this kind may hear. */
  events: readonly ReachEventType[];
  request(facts: EventFacts, target: TargetRow, nowMs: number): OutgoingRequest | Promise<OutgoingRequest>;
};

const json = { 'content-type': 'application/json' };

export const targetKinds = {
  webhook: {
    events: reachEventTypes,
    request(facts, target, nowMs) {
      const body = JSON.stringify(webhookBody(facts));
      // The event id, not the delivery's: the same on every retry and replay, and across subscriptions.
      return { url: target.url, body, headers: { ...json, [eventIdHeader]: facts.event.id, [signatureHeader]: signWebhook(target.secret ?? '', body, nowMs) } };
    },
  },
  slack: {
    events: alertEventTypes,
    request: (facts, target) => ({ url: target.url, headers: json, body: JSON.stringify(slackMessage(alertLines(facts))) }),
  },
  teams: {
    events: alertEventTypes,
    request: (facts, target) => ({ url: target.url, headers: json, body: JSON.stringify(teamsMessage(alertLines(facts))) }),
  },
} satisfies Record<string, TargetKind>;

export function targetKind(name: string): TargetKind | undefined {
  return (targetKinds as Record<string, TargetKind>)[name];
}

/** The event types a target stored as "a,b,c" hears. */
export const targetEvents = (target: Pick<TargetRow, 'events'>) => target.events.split(',').filter(Boolean);
