// An engagement event pushed by an outside system (a web analytics tool, a form, a webinar platform,
// a mailbox): one item of a `POST /v1/events` batch. The sender's `id` makes a resent event count
// once; `occurredAt` is when it happened, which is what scores decay from, so a late or
// out-of-order event weighs what it would have weighed on time.
import { z } from 'zod';
import { eventTypes, type EventType } from '../journey/vocabulary';
import { emailAddress } from '../accounts/email-address';

export const maxEventsPerBatch = 1000;
/** Senders' clocks drift; anything later than this ahead of ours is a mistake, not a forecast. */
export const maxClockSkewMs = 5 * 60_000;

/**
 * Programme-event answers (registered, attended, ...) belong to an event and its invitations: they come
 * through the registration links and the attendance import, which keep seats, the waitlist and
 * `events show` true. Taken here they would count in the report and nowhere else.
 */
const isProgrammeAnswer = (type: EventType) => type.startsWith('event_');
type IngestibleEventType = Exclude<EventType, `event_${string}`>;
export const ingestibleEventTypes = eventTypes.filter((t): t is IngestibleEventType => !isProgrammeAnswer(t)) as [IngestibleEventType, ...IngestibleEventType[]];

const ingestibleType = z.enum(ingestibleEventTypes, {
  error: (issue) => {
    const expected = `expected one of ${ingestibleEventTypes.join(', ')}`;
    if (issue.input === undefined) return `missing, ${expected}`;
    const programme = (eventTypes as readonly unknown[]).includes(issue.input);
    return programme
      ? `${JSON.stringify(issue.input)} is a programme-event answer: send registrations through the invitation links and attendance to POST /v1/programme-events/{key}/attendance; ${expected}`
      : `${JSON.stringify(issue.input)} is not an engagement event type; ${expected}`;
  },
});

/**
 * An object's refusals in a sender's terms: an unknown field is refused, not dropped (`account_domain`
 * for `accountDomain` would lose the account unseen), and a missing or mistyped one says the shape to send.
 */
const objectErrors = (shape: string, fields: string[] = []) => (issue: { code?: string; keys?: string[]; input?: unknown }) => {
  if (issue.code === 'unrecognized_keys') return `unknown field ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(', ')}; expected ${fields.join(', ')}`;
  if (issue.code === 'invalid_type') return `${issue.input === undefined ? 'missing, ' : ''}expected ${shape}`;
  return undefined;
};

const idWords = 'expected the event id the sender keeps, for de-duplication';
const maxIdLength = 200;

/** A time without an offset would be read in the server's zone, which the sender cannot know. */
const withoutOffset = z.iso.datetime({ local: true });
const occurredAtError = (issue: { input?: unknown }) => {
  const expected = 'expected an ISO 8601 time with Z (UTC) or its offset from UTC, such as 2026-11-23T14:05:00Z';
  if (issue.input === undefined) return `missing, ${expected}`;
  if (typeof issue.input === 'string' && withoutOffset.safeParse(issue.input).success) {
    return `${JSON.stringify(issue.input)} has no offset, expected Z (UTC) or the offset from UTC after the time, such as ${issue.input}Z or ${issue.input}+01:00`;
  }
  return expected;
};

export const ingestedEvent = z
  .strictObject({
    id: z
      .string({
        // A number is the likeliest id that is not a string (a database row's): say how to send it.
        error: (issue) => (typeof issue.input === 'number' ? `expected the event id as a string, such as "${issue.input}"` : idWords),
      })
      .trim()
      .min(1, idWords)
      .max(maxIdLength, { error: (issue) => `is ${String(issue.input).length} characters long, ${idWords}, at most ${maxIdLength} characters` }),
    type: ingestibleType,
    contact: z
      .strictObject(
        {
          // Read as the contact import reads it, so the sender's padding or capitals still find the contact.
          email: emailAddress('expected the contact\'s email address')
            .describe('surrounding spaces, upper or lower case and an internationalised domain\'s spelling do not matter, as in imports')
            .optional(),
          id: z.string({ error: 'expected Harpoon\'s contact id as a string' }).min(1).optional(),
        },
        { error: objectErrors('an object naming the person: {"email": "..."} or {"id": "<Harpoon\'s contact id>"}', ['email', 'id']) },
      )
      .refine((c) => c.email !== undefined || c.id !== undefined, 'expected the contact\'s email or Harpoon contact id'),
    accountDomain: z
      .string({ error: 'expected the account\'s domain, such as "castell-medtech.example"' })
      .min(1)
      .optional()
      .describe('the account, when the contact may not be known yet'),
    occurredAt: z.iso.datetime({ offset: true, error: occurredAtError }),
    properties: z
      .looseObject(
        { tag: z.string({ error: 'expected the page or link tag triggers match, as text of 1 to 100 characters, such as "pricing"' }).min(1).max(100).optional().describe('page or link tag, e.g. pricing') },
        { error: objectErrors('an object of free-form properties, such as {"tag": "pricing", "page": "/pricing"}') },
      )
      .optional(),
  }, { error: objectErrors('an event: an object such as {"id": "ga-8812", "type": "visited", "contact": {"email": "..."}, "occurredAt": "2026-11-23T14:05:00Z"}', ['id', 'type', 'contact', 'accountDomain', 'occurredAt', 'properties (free-form)']) })
  .meta({ id: 'EngagementEvent' });

export type IngestedEvent = z.infer<typeof ingestedEvent>;

const batchShape = `an object whose "events" holds the list, such as {"events": [{"id": "...", "type": "clicked", ...}]}`;

export const eventBatch = z.object(
  {
    events: z
      .array(z.unknown(), { error: (issue) => (issue.input === undefined ? `missing: the batch is ${batchShape}` : `expected the list of engagement events, up to ${maxEventsPerBatch}`) })
      .min(1, 'expected at least one event')
      .max(maxEventsPerBatch, `expected at most ${maxEventsPerBatch} events a batch: split it`)
      .describe('EngagementEvent items; each is checked on its own and rejected alone if invalid'),
  },
  // A bare list is the likeliest mistake of a sender: say the shape, not only the type.
  { error: (issue) => (issue.code === 'invalid_type' ? `expected ${batchShape}` : undefined) },
);

export const ingestReport = z.object({
  accepted: z.number().int().describe('new events stored (for known contacts on the timeline and queued for their journeys)'),
  duplicated: z.number().int().describe('events whose id was seen before, in this batch or an earlier one'),
  rejected: z.array(
    z.object({
      index: z.number().int(),
      id: z.union([z.string(), z.number()]).nullable().describe('the id as the item carried it, to match the rejection to the sender\'s event; null when it had none'),
      reason: z.string(),
    }),
  ),
  unmatched: z.number().int().describe('accepted events for contacts Harpoon does not know, kept apart'),
  queued: z.number().int().describe('deliveries queued for running journeys'),
});
export type IngestReport = z.infer<typeof ingestReport>;

/**
 * How far back an event may lie. Engagement that old has decayed out of a score (a half-life of 14
 * days by default), and taken, it stood in the reports of periods before the programme and stretched
 * its velocity (a visit of 2020 made engaged→MQA 2,533 days): a backfill of years, a default date.
 */
export const maxEventAgeDays = 365;

/** Why an event cannot be taken, or null. */
export function checkOccurredAt(occurredAt: Date, nowMs: number): string | null {
  if (occurredAt.getTime() > nowMs + maxClockSkewMs) return 'occurredAt: is in the future; send events once they happened';
  if (occurredAt.getTime() < nowMs - maxEventAgeDays * 86_400_000) {
    return `occurredAt: ${occurredAt.toISOString()} is more than ${maxEventAgeDays} days ago, expected engagement of the last ${maxEventAgeDays} days`;
  }
  return null;
}
