// What the event notices share (workflows/seat-notice.ts, workflows/event-moved-notice.ts): one email
// through the send activity, held for quiet hours like any email, and uncapped, as news the invitee
// needs is not marketing the caps pace. Consent and quiet hours still apply (the activity checks them live).
// Deterministic: time from the workflow clock, the send in an activity, IDs only.
import { sleep } from '@temporalio/workflow';
import type { SendRequest, SendResult } from '../activities/send-email';
import { sender } from './activity-proxies';

const uncapped = { perContact: { minGapHours: 0, max: 1_000_000 }, perAccount: { max: 1_000_000 } };

/** Sends the notice, waiting out quiet hours as often as the activity defers it. */
export async function sendEventNotice(request: Omit<SendRequest, 'nowMs' | 'policy'>): Promise<SendResult> {
  for (;;) {
    const result = await sender.sendEmail({ ...request, nowMs: Date.now(), policy: uncapped });
    if (result.status !== 'deferred') return result;
    await sleep(Math.max(0, result.untilMs - Date.now()));
  }
}
