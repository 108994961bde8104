// Helpers of the sales handoff workflow tests: reps, owned accounts, journeys that hand off,
// inquiries recorded as the real paths record them, and sales actions through the Update.
import { forCli } from '../../domain/fields/field-ref';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { expect } from 'vitest';
import type { SalesAction } from '../../domain/sales/vocabulary';
import { listOutbox } from '../../mail/outbox';
import { errorWithCauses } from '../../client/error-words';
import { stillBeginning, type EngagementSignal } from '../../workflows/journey-api';
import { salesActionUpdate, type SalesActionRequest } from '../../workflows/sales-api';
import { withJourneyHarness, type JourneyHarness, type JourneyHarnessOptions } from './journey-harness';

let events = 0;

/** A journey that waits a long time, hands off on any inquiry and says what the outcomes do. */
export const handingOff = (key: string, sales: Record<string, unknown> = {}, extraStages: unknown[] = []) => ({
  key,
  name: key,
  stages: [
    { key: 'engage', steps: [{ id: 'listen', type: 'wait', duration: '90d' }] },
    { key: 'nurture', steps: [{ id: 'nurture-wait', type: 'wait', duration: '90d' }] },
    ...extraStages,
  ],
  sales: { mqa: { eventSeen: { type: 'inquiry' } }, ...sales },
});

/** Where `onAccepted: { goto: 'assist' }` leads, and where a won account goes after. */
export const assistAndExpand = (assistWait: string, expandWait: string) => [
  { key: 'assist', steps: [{ id: 'assist-wait', type: 'wait', duration: assistWait }] },
  { key: 'expand', steps: [{ id: 'expand-wait', type: 'wait', duration: expandWait }] },
];

export function salesKit(h: JourneyHarness) {
  return {
    /**
     * An inquiry stamped with the skipping clock's time. Journeys count events since they started,
     * so a started journey runs a moment before it hears one.
     */
    async inquiry(contactId: string): Promise<EngagementSignal> {
      await h.env.sleep('1 minute');
      const atMs = await h.env.currentTimeMs();
      const eventId = `sales-evt-${++events}`;
      // Recorded on the timeline first, as every engagement path does; the evidence reads it there.
      const { accountId } = await h.db.contact.findUniqueOrThrow({ where: { id: contactId } });
      await h.db.touch.create({ data: { idempotencyKey: `event|${eventId}`, accountId, contactId, type: 'inquiry', detail: { source: 'test' }, at: new Date(atMs) } });
      return { version: 1, eventId, type: 'inquiry', contactId, role: 'decision_maker', atMs };
    },

    async rep(email: string, data: { timezone?: string; managerId?: string; dailyCapacity?: number } = {}) {
      return h.db.salesRep.create({ data: { email, name: email.split('@')[0]!, ...data } });
    },

    async ownedAccount(domain: string, ownerId: string, extra: { tier?: number; purchasePattern?: string } = {}) {
      const account = await h.account({ domain, tier: extra.tier ?? 1, contacts: [{ email: `boss@${domain}`, role: 'decision_maker', seniority: 'executive' }] });
      await h.db.account.update({ where: { id: account.id }, data: { ownerId, purchasePattern: extra.purchasePattern ?? 'unknown' } });
      return account;
    },

    /**
     * Lets the workflows work (time passes on the skipping clock) until `check` holds. At least
     * `tries` steps, and on for 20 s of real time: on a busy machine a signal may take longer to be
     * handled than `tries` quick skips take (the skips return at once when no timer is due).
     */
    async until<T>(check: () => Promise<T | null | undefined | false>, step = '1 minute', tries = 60): Promise<T> {
      const patientUntil = Date.now() + 20_000;
      for (let i = 0; i < tries || Date.now() < patientUntil; i++) {
        const found = await check().catch((err: unknown) => {
          // A journey asked for its status while it is still beginning: not yet.
          if (errorWithCauses(err).includes(stillBeginning)) return null;
          throw err;
        });
        if (found) return found;
        await h.env.sleep(step);
      }
      throw new Error('condition never held');
    },

    /** Starts the journey on the account and has its first contact inquire: the run and the task it hands off. */
    async handOff(journeyKey: string, journeyVersion: number, account: { id: string; contacts: { id: string }[] }) {
      const run = await h.start(journeyKey, journeyVersion, account.id);
      await run.signal('engagement', await this.inquiry(account.contacts[0]!.id));
      const task = await this.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id } }), '1 second');
      return { run, task };
    },

    act(taskId: string, action: SalesAction) {
      return h.env.client.workflow.getHandle(taskId).executeUpdate(salesActionUpdate, { args: [{ version: 1, ...action } as SalesActionRequest] });
    },

    async refusal(promise: Promise<unknown>): Promise<string> {
      const err = await promise.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      // As the CLI says it: shared rules mark their fields, each door names them (domain/fields).
      return forCli(((err as WorkflowUpdateFailedError).cause as Error).message);
    },

    async mailTo(address: string) {
      return (await listOutbox(h.outboxDir)).filter((m) => m.to.includes(address));
    },
  };
}

/** The next instant after `afterMs` at `hour`:00 on `weekday` (0 Sunday) in a zone. */
export function nextLocal(afterMs: number, zone: string, weekday: number, hour: number): number {
  let t = Math.ceil(afterMs / 3_600_000) * 3_600_000;
  for (let i = 0; i < 24 * 8; i++, t += 3_600_000) {
    const parts = localParts(t, zone);
    if (parts.weekday === weekday && parts.hour === hour) return t;
  }
  throw new Error('no such hour');
}

function localParts(ms: number, zone: string) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(new Date(ms));
  const day = f.find((p) => p.type === 'weekday')!.value;
  return { weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(day), hour: Number(f.find((p) => p.type === 'hour')!.value) };
}

export function localTime(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][p.weekday]} ${p.hour}`;
}

/** The error and the errors it wraps (the client wraps a failed query's gRPC error). */

export type SalesKit = ReturnType<typeof salesKit>;

/** A journey harness with the sales kit for one test file (see withJourneyHarness). */
export function withSalesHarness(use: (made: { h: JourneyHarness; k: SalesKit }) => void, opts: JourneyHarnessOptions = {}): void {
  withJourneyHarness((h) => use({ h, k: salesKit(h) }), opts);
}
