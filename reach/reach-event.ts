// What Harpoon tells the systems people already work in (webhooks, chat alerts, the CRM): one
// business event of the programme, derived from the timeline touch that recorded it. IDs only, so
// it can travel through Temporal histories; each target reads what it needs from the database.
import { z } from 'zod';

export const reachEventTypes = [
  'mqa', // a journey's MQA rule handed the account to sales (a sales task with trigger mqa)
  'handoff.created',
  'handoff.accepted',
  'handoff.rejected',
  'handoff.reminder', // the owner missed the service level: the reminder
  'handoff.escalated',
  'handoff.reassigned', // the account changed hands and its open task with it: the task's owner now is the new one
  'registration',
  'attendance',
  'opportunity',
  'won',
  'lost',
  'unsubscribe',
  'rep_task.created', // a journey asked the account's owner for a call, a LinkedIn touch or direct mail
  'rep_task.cancelled', // taken back before the rep closed it: the journey stopped, or the contact or account may not be touched
  'rep_task.expired', // its journey stopped waiting for it: nobody marked it done or skipped in time
  'rep_task.reassigned', // the account changed hands and the open task with it
] as const;

export const reachEventTypeSchema = z.enum(reachEventTypes);
export type ReachEventType = z.infer<typeof reachEventTypeSchema>;

export const reachEventSchema = z.object({
  /** Stable for the life of the event (retries, replays, redeliveries): receivers de-duplicate on it. */
  id: z.string(),
  type: reachEventTypeSchema,
  /** When it happened, on the journey clock (ISO 8601). */
  at: z.string(),
  accountId: z.string(),
  contactId: z.string().nullable(),
  /** The sales task (handoff/<account-id>/<seq>) of handoff.*, mqa, opportunity, won and lost; the rep task of rep_task.*. */
  taskId: z.string().nullable(),
  /** The programme event's key, for registration and attendance. */
  eventKey: z.string().nullable(),
});
export type ReachEvent = z.infer<typeof reachEventSchema>;
