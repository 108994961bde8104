// The account timeline's records of a journey's lifecycle: why a wait_for step woke, an email step
// whose account condition did not hold, a step that failed for good, a move to a newer version.
// Each write has an idempotency key, so a retried or replayed activity records it once.
import type { Db } from '../db/client';
import { recordTouch } from '../timeline/record-touch';

export type LifecyclePlace = { workflowId: string; journeyKey: string; accountId: string; stepPath: string; atMs: number };

export type LifecycleNote = LifecyclePlace & {
  /** A touch type: `email_not_planned`, or `lifecycle_*` (described by its `text`). */
  type: string;
  contactId?: string;
  detail: Record<string, unknown>;
};

export type StepFailure = LifecyclePlace & {
  stepId: string;
  /** The send that failed (email steps): a row still waiting for the relay is marked failed. */
  send?: { idempotencyKey: string; contactId: string; template: string };
  error: string;
  /** What the journey does about it, in words. */
  then: string;
};

export type VersionChangeRecord = LifecyclePlace & { from: number; to: number; mode: 'migrate' | 'restart'; stage: string; step: string | null };

export function createLifecycleActivities(db: Db) {
  return {
    async recordLifecycleNote(note: LifecycleNote): Promise<void> {
      // An event's contact may have been deleted since: the note stays, on the account.
      const contact = note.contactId ? await db.contact.findUnique({ where: { id: note.contactId }, select: { id: true } }) : null;
      await recordTouch(db, {
        idempotencyKey: `${note.workflowId}|${note.stepPath}|${note.contactId ?? 'account'}|${note.type}`,
        accountId: note.accountId,
        contactId: contact?.id ?? null,
        workflowId: note.workflowId,
        journeyKey: note.journeyKey,
        type: note.type,
        detail: { step: note.stepPath, ...note.detail },
        at: new Date(note.atMs),
      });
    },

    /** A step that failed for good: on the timeline, and no send row left claiming it will still go out. */
    async recordStepFailure(f: StepFailure): Promise<void> {
      const text = `step ${f.stepId} failed${f.send ? ` for "${f.send.template}"` : ''}: ${f.error}; ${f.then}`;
      await db.$transaction([
        ...(f.send
          ? [db.emailSend.updateMany({ where: { idempotencyKey: f.send.idempotencyKey, status: 'queued' }, data: { status: 'failed', skipReason: 'step_failed', error: f.error } })]
          : []),
        recordTouch(db, {
          idempotencyKey: `${f.workflowId}|${f.stepPath}|${f.send?.contactId ?? 'account'}|failed`,
          accountId: f.accountId,
          contactId: f.send?.contactId,
          workflowId: f.workflowId,
          journeyKey: f.journeyKey,
          type: 'lifecycle_step_failed',
          detail: { step: f.stepPath, template: f.send?.template, error: f.error, text },
          at: new Date(f.atMs),
        }),
      ]);
    },

    async recordVersionChange(c: VersionChangeRecord): Promise<void> {
      const where = c.step === null ? `stage ${c.stage}` : `${c.stage}/${c.step}`;
      const text = c.mode === 'migrate' ? `moved from version ${c.from} to version ${c.to} at the same step: ${where}` : `restarted on version ${c.to} (was version ${c.from}) at ${where}`;
      await db.$transaction([
        db.journeyRun.update({ where: { workflowId: c.workflowId }, data: { journeyVersion: c.to, stage: c.stage } }),
        recordTouch(db, {
          idempotencyKey: `${c.workflowId}|version|${c.from}|${c.to}|${c.atMs}`,
          accountId: c.accountId,
          workflowId: c.workflowId,
          journeyKey: c.journeyKey,
          type: 'lifecycle_version_changed',
          detail: { from: c.from, to: c.to, mode: c.mode, stage: c.stage, step: c.step, text },
          at: new Date(c.atMs),
        }),
      ]);
    },
  };
}
