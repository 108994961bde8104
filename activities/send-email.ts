// Over 300 lines on purpose: one send from load to record reads as one function whose every return is a recorded outcome.
// The send activity: load, check the contact policy against live data, render, hand to the relay,
// record what the relay answered. Each send has an idempotency key (workflow ID + step path +
// contact) that is the primary key of its EmailSend row, so a retried or replayed activity never
// sends the same email twice, and a row says `sent` only after the relay accepted the message.
//
// The row's life: (none) → queued (rendered; waiting for the relay, or retrying) → sending (the
// whole message is on the wire and only the end-of-data mark is left) → sent | unconfirmed |
// bounced | failed; or skipped by the policy. `sending` is the only ambiguous state: it is written,
// durably, just before the end-of-data mark goes out, and replaced by the relay's answer. A worker
// that dies between the two leaves it behind; the retry then cannot know whether the relay took the
// message, so it records `unconfirmed` and does not send again (at most once, never a duplicate).
import { ApplicationFailure, asyncLocalStorage, type Context } from '@temporalio/activity';
import type { Db } from '../db/client';
import { hasLeftPool } from '../domain/accounts/eligibility';
import { decideSend, resolvePolicy, type ContactPolicy, type ContactPolicyOverride } from '../domain/policy/contact-policy';
import { composeEmail, messageIdFor } from '../mail/compose';
import { RelayHealth } from '../mail/relay-health';
import { classifySmtpError } from '../mail/smtp-failure';
import { compile, type MailTransport, type OutgoingMessage, type SmtpSendError } from '../mail/transport';
import { composeSalesNotice, type SalesNotice } from '../mail/sales-notice';
import { loadInvitation, moveNoticeStale, seatLost } from './invitation-data';
import { loadSalesNotice } from './sales-notice-data';
import { taskLinkUrl } from '../mail/task-link';
import { groupCommit, groupRead, Linger } from '../db/group-commit';
import { loadJourneyAttempts, loadSendRecord, markedRow, writeSendMarks, type Attempt, type AttemptQuery, type SendMark } from './send-records';
import { recordTouch } from '../timeline/record-touch';
import { cancelRepTasksAboutUnreachable } from '../use-cases/cancel-rep-tasks';
import type { Experiment } from '../domain/measurement/variant-assignment';
import { chooseVariant, decisionChecks, type ChosenVariant } from './variant-choice';

export type DeliverySettings = {
  /** How long one email may wait for an unreachable relay before it is recorded as failed. */
  outageLimitMs: number;
  /** How long one activity attempt waits for the relay before handing back to Temporal's retry. */
  waitPerAttemptMs: number;
};

export const defaultDeliverySettings: DeliverySettings = { outageLimitMs: 24 * 3_600_000, waitPerAttemptMs: 4 * 60_000 };

export type Mailer = {
  transport: MailTransport;
  from: string;
  publicUrl: string;
  secret: string;
  policy: ContactPolicy;
  /** Where internal sales emails go when nobody else can take them (SALES_ESCALATION_QUEUE). */
  salesQueue?: string;
  /** Shared by every send of the process; made from the transport when absent. */
  relay?: RelayHealth;
  delivery?: DeliverySettings;
  log?: (line: string) => void;
};

/** Test hooks that simulate a worker dying at a given moment of a send. */
export type SendFaults = {
  /** Right before the message goes to the relay. */
  beforeHandoff?: (idempotencyKey: string) => void;
  /** Right after the relay accepted the message, before it is recorded. */
  afterHandoff?: (idempotencyKey: string) => void;
};

export type SendRequest = {
  idempotencyKey: string;
  workflowId: string;
  /** null for an email no journey sends (a seat notice for an invitation no journey sent). */
  journeyKey: string | null;
  accountId: string;
  /** null only for an internal email (see `internal`). */
  contactId: string | null;
  templateKey: string;
  stage: string;
  stepPath: string;
  /** Workflow time when the step asked for the send; attempts use their own time on the same clock. */
  nowMs: number;
  policy?: ContactPolicyOverride;
  /**
   * An internal email to the sales team about a handoff instead of journey email to a contact: it
   * goes to a sales rep (or the escalation queue), so the marketing contact policy (consent, caps,
   * quiet hours) does not apply; idempotency and truthful records do, exactly as for journey email.
   */
  internal?: SalesNotice;
  /**
   * An invite step's invitation or reminder, or an event notice: the email carries the event, its
   * calendar entry and register/decline links. Checked right before the send, like consent:
   * `seatHeld`, only while the contact holds a seat and the event has not started; `movedTo` (the
   * event's sequence after a move), only while the contact is still asked (invited, registered,
   * waitlisted), the event ahead and that move its latest.
   */
  invite?: { eventKey: string; seatHeld?: boolean; movedTo?: number };
  /** An A/B-tested email step: the variant (template, subject) is chosen right before rendering (activities/variant-choice.ts). */
  experiment?: Experiment;
};

export type SendResult =
  | { status: 'sent' }
  | { status: 'unconfirmed' }
  | { status: 'skipped'; reason: string }
  | { status: 'deferred'; reason: string; untilMs: number }
  | { status: 'bounced' }
  | { status: 'failed'; reason: string };

/** Sends the journey's step has finished with; anything else is picked up where it stopped. */
const settledStatuses = new Set(['sent', 'unconfirmed', 'skipped', 'bounced', 'failed']);
/** What the caps count: an unconfirmed send may well have arrived. */
export const countedStatuses = ['sent', 'unconfirmed'];

const hourMs = 3_600_000;

function outcomeOf(row: { status: string; skipReason: string | null; error: string | null }): SendResult {
  if (row.status === 'skipped') return { status: 'skipped', reason: row.skipReason ?? 'skipped' };
  if (row.status === 'bounced') return { status: 'bounced' };
  if (row.status === 'failed') return { status: 'failed', reason: row.skipReason ?? 'failed' };
  if (row.status === 'unconfirmed') return { status: 'unconfirmed' };
  return { status: 'sent' };
}

/**
 * The time of this attempt on the journey's clock: the server's scheduling time of the current
 * attempt (which follows the time-skipping clock in tests) plus what this attempt has spent so far.
 * A retry after an outage checks quiet hours and caps at its own time, not at the first attempt's.
 */
function attemptClock(ctx: Context | undefined, req: SendRequest): () => number {
  const base = ctx?.info.currentAttemptScheduledTimestampMs ?? req.nowMs;
  const startedAt = Date.now();
  return () => Math.max(req.nowMs, base) + (Date.now() - startedAt);
}

export function createSendEmailActivities(db: Db, mailer: Mailer, faults: SendFaults = {}) {
  const log = mailer.log ?? ((line: string) => console.error(line));
  const relay = mailer.relay ?? new RelayHealth({ probe: () => mailer.transport.verify(), log, label: mailer.transport.label });
  const delivery = mailer.delivery ?? defaultDeliverySettings;
  // Many sends run at once on a worker: their reads and their marks share statements, and the marks
  // commits (db/group-commit.ts), each waiting up to 3 ms for the sends still at work: ten sends
  // composing and talking SMTP take longer than 1 ms between two of their statements, and with 1 ms
  // a phase of theirs went out in 1.5 statements instead of one (230 statements for 500 emails on
  // PostgreSQL, now 150). A batch still goes at once when every send waits in a group.
  const linger = new Linger(3);
  const readAttempt = groupRead((queries: AttemptQuery[]) => loadJourneyAttempts(db, queries, countedStatuses), { linger });
  const writeMark = groupCommit((marks: SendMark[]) => writeSendMarks(db, marks), { rowOf: markedRow, linger });
  const decideVariantTest = decisionChecks(db);

  /**
   * What one attempt reads (activities/send-records.ts). Internal emails about the account reach
   * none of its contacts, so no cap counts them; they read their own row only. The caps see this
   * send's own row only once it is settled, and a settled send goes no further.
   */
  function loadAttempt(req: SendRequest, sinceMs: number): Promise<Attempt> {
    const idempotencyKey = req.idempotencyKey;
    if (req.internal || req.contactId === null) {
      return loadSendRecord(db, idempotencyKey).then((prior) => ({ prior, account: null, contact: null, recent: [], repTasks: [] }));
    }
    return readAttempt({ idempotencyKey, accountId: req.accountId, contactId: req.contactId, sinceMs });
  }

  async function sendEmail(req: SendRequest, ctx: Context | undefined): Promise<SendResult> {
    const key = req.idempotencyKey;
    const now = attemptClock(ctx, req);
    let variant: ChosenVariant | undefined;
    const templateKey = () => variant?.template ?? req.templateKey;
    const touch = (type: string, detail: Record<string, unknown>, suffix = type, atMs = now()) => ({
      idempotencyKey: `${key}|${suffix}`,
      accountId: req.accountId,
      contactId: req.contactId,
      workflowId: req.workflowId,
      journeyKey: req.journeyKey,
      type,
      detail: { template: templateKey(), stage: req.stage, step: req.stepPath, ...(variant ? { variant: variant.key } : {}), ...detail },
      at: new Date(atMs),
    });
    const messageId = messageIdFor(key);
    const row = () => ({
      idempotencyKey: key,
      ...sendRow(req),
      templateKey: templateKey(),
      variantAssignmentId: variant?.assignmentId ?? null,
      variantKey: variant?.key ?? null,
      messageId,
    });

    const policy = resolvePolicy(mailer.policy, req.policy);
    const lookBackMs = Math.max(policy.perContact.windowDays * 24, policy.perContact.minGapHours, policy.perAccount.windowDays * 24) * hourMs;
    let attemptMs = now();
    let attempt = await loadAttempt(req, attemptMs - lookBackMs);
    const { prior } = attempt;
    if (prior && settledStatuses.has(prior.status)) return outcomeOf(prior);
    if (prior?.status === 'sending') {
      // An earlier attempt died after the end of the message may have reached the relay and
      // before its answer was recorded. Sending again could deliver a second copy.
      await db.$transaction([
        db.emailSend.update({ where: { idempotencyKey: key }, data: { status: 'unconfirmed', sentAt: prior.handedOffAt ?? new Date(now()) } }),
        recordTouch(db, touch('email_unconfirmed', {
          messageId,
          why: 'the worker stopped after handing the message to the mail relay and before the relay answered; not sent again, to avoid a duplicate',
        }, 'email_unconfirmed', (prior.handedOffAt ?? new Date(now())).getTime())),
      ]);
      return { status: 'unconfirmed' };
    }
    let relayWaitSince = prior?.relayWaitSince ?? null;

    const settle = async (status: 'skipped' | 'failed', reason: string, touchType: string, detail: Record<string, unknown>): Promise<SendResult> => {
      const data = { status, skipReason: reason };
      await db.$transaction([
        db.emailSend.upsert({ where: { idempotencyKey: key }, create: { ...row(), ...data }, update: data }),
        recordTouch(db, touch(touchType, { reason, ...detail })),
      ]);
      return { status, reason };
    };

    /**
     * The relay cannot take mail: record since when this email waits (once), give up past the
     * outage limit, else wait for the relay's return. Undefined: the relay is back, try again.
     */
    const waitForRelay = async (error: string): Promise<SendResult | undefined> => {
      relay.reportDown(error);
      const firstWait = relayWaitSince === null;
      const since = (relayWaitSince ??= new Date(now()));
      const queued = { status: 'queued', error, relayWaitSince: since };
      await db.$transaction([
        db.emailSend.upsert({ where: { idempotencyKey: key }, create: { ...row(), ...queued }, update: queued }),
        ...(firstWait
          ? [recordTouch(db, touch('email_waiting', { reason: 'relay_unreachable', since: since.toISOString(), error }, `relay_wait|${since.getTime()}`))]
          : []),
      ]);
      const waitedMs = now() - since.getTime();
      if (waitedMs >= delivery.outageLimitMs) {
        log(`[harpoon] gave up on message ${messageId} after waiting ${Math.round(waitedMs / 60_000)} min for the mail relay`);
        return settle('failed', 'relay_unreachable', 'email_failed', { error, waitingSince: since.toISOString() });
      }
      const back = await relay.waitUntilUp(Math.min(delivery.waitPerAttemptMs, delivery.outageLimitMs - waitedMs), () => ctx?.heartbeat(), ctx?.cancellationSignal);
      if (!back) throw ApplicationFailure.retryable(`the mail relay is still unreachable: ${error}`, 'MailRelayUnreachable');
      return undefined;
    };

    for (let first = true; ; first = false) {
      if (!first && !req.internal) {
        // The relay is back after a wait: the policy is checked again against this moment's rows.
        attemptMs = now();
        attempt = await loadAttempt(req, attemptMs - lookBackMs);
      }
      let message: OutgoingMessage;
      let contact: { id: string } | null = null;
      if (req.internal) {
        const notice = await loadSalesNotice(db, req.internal, mailer.salesQueue ?? 'sales-queue@harpoon.local');
        if (!notice) return settle('skipped', 'task_removed', 'email_skipped', { why: 'the sales task no longer exists' });
        // Only the task's owner gets a link that signs them in: the queue's readers have keys of their
        // own, and a manager told of an escalation cannot open a task that is not theirs.
        const consoleLink = req.internal.salesRepId && req.internal.notice !== 'escalation'
          ? taskLinkUrl(mailer.publicUrl, mailer.secret, { rep: req.internal.salesRepId, task: notice.taskId }, now())
          : undefined;
        message = await compile(composeSalesNotice({ ...notice, consoleLink, from: mailer.from, messageId, date: new Date(now()) }));
      } else {
        const { account, contact: found } = attempt;
        contact = found;
        if (!account || !found) {
          return settle('skipped', 'contact_removed', 'email_skipped', { why: 'the contact is no longer in this account' });
        }
        if (hasLeftPool(account)) {
          // The negative list and retirement apply at once, whatever a running journey planned.
          const { poolStatus } = account;
          return settle('skipped', `account:${poolStatus}`, 'email_skipped', { why: `the account is ${poolStatus} and receives no journey email` });
        }

        // Rep tasks are touches too: the account's open and done ones count as its emails do.
        const { recent, repTasks: tasks } = attempt;
        const timeZone = found.timezone ?? account.timezone;
        const decision = decideSend(
          {
            consent: found.consent as Parameters<typeof decideSend>[0]['consent'],
            contactSendsMs: [...recent.filter((r) => r.contactId === found.id).map((r) => r.sentAt!.getTime()), ...tasks.filter((t) => t.contactId === found.id).map((t) => t.atMs)],
            accountSendsMs: [...recent.map((r) => r.sentAt!.getTime()), ...tasks.map((t) => t.atMs)],
            nowMs: attemptMs,
            timeZone,
          },
          policy,
        );
        if (decision.decision === 'skip') return settle('skipped', decision.reason, 'email_skipped', { why: decision.detail });
        if (decision.decision === 'defer') {
          await recordTouch(db, touch('email_deferred', { reason: decision.reason, until: new Date(decision.untilMs).toISOString(), timeZone }, `deferred|${decision.untilMs}`));
          return { status: 'deferred', reason: decision.reason, untilMs: decision.untilMs };
        }

        const invitation = req.invite ? await loadInvitation(db, req.invite.eventKey, found, mailer.from, new Date(attemptMs)) : undefined;
        if (invitation === null) return settle('skipped', 'event_removed', 'email_skipped', { why: `the event ${req.invite!.eventKey} no longer exists` });
        if (req.invite?.seatHeld || req.invite?.movedTo !== undefined) {
          const { eventKey, movedTo } = req.invite;
          const lost = movedTo === undefined ? await seatLost(db, eventKey, found.id, new Date(attemptMs)) : await moveNoticeStale(db, eventKey, found.id, movedTo, new Date(attemptMs));
          if (lost) return settle('skipped', lost.reason, 'email_skipped', { why: lost.why });
        }
        if (req.experiment && !variant) variant = await chooseVariant(db, decideVariantTest, req.experiment, { accountId: req.accountId, contactId: found.id, workflowId: req.workflowId }, attemptMs);
        // Rendered before anything is marked in flight: a template that throws was never sent.
        try {
          message = await compile(
            await composeEmail({
              templateKey: templateKey(),
              subject: variant?.subject,
              context: {
                contact: {
                  firstName: found.firstName ?? '',
                  lastName: found.lastName ?? '',
                  title: found.title ?? '',
                  role: found.role,
                  seniority: found.seniority ?? 'individual',
                },
                account: { name: account.name, industry: account.industry ?? '' },
                stage: req.stage,
              },
              to: found.email,
              from: mailer.from,
              idempotencyKey: key,
              messageId,
              publicUrl: mailer.publicUrl,
              secret: mailer.secret,
              date: new Date(attemptMs),
              invitation,
            }),
          );
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          log(`[harpoon] template "${templateKey()}" failed for ${req.workflowId} (${req.stepPath}); the email is recorded as failed, not sent: ${error}`);
          return settle('failed', 'template_error', 'email_failed', { error });
        }
      }

      if (relay.isDown) {
        // Known down: wait with the others instead of spending a connection attempt each.
        const outcome = await waitForRelay(relay.reason);
        if (outcome) return outcome;
        continue;
      }
      faults.beforeHandoff?.(key);
      try {
        await mailer.transport.send(message, {
          beforeEndOfData: () => writeMark({ kind: 'sending', row: row(), handedOffAt: new Date(now()) }),
        });
      } catch (thrown) {
        const err = thrown as SmtpSendError;
        const failure = classifySmtpError(err);
        if (err.handedOff && err.responseCode === undefined) {
          // The end of the message may have reached the relay and no answer came: the one moment
          // SMTP leaves open. Not sent again, so never twice; recorded as what it is.
          log(`[harpoon] no answer from the mail relay after the end of message ${messageId} (${failure.message}); recorded as unconfirmed, not resent`);
          await db.$transaction([
            db.emailSend.update({ where: { idempotencyKey: key }, data: { status: 'unconfirmed', sentAt: new Date(now()), error: failure.message } }),
            recordTouch(db, touch('email_unconfirmed', { messageId, why: `the mail relay did not answer after the end of the message: ${failure.message}` })),
          ]);
          return { status: 'unconfirmed' };
        }
        if (failure.kind === 'hard_bounce') {
          await db.$transaction(async (tx) => {
            await tx.emailSend.upsert({ where: { idempotencyKey: key }, create: { ...row(), status: 'bounced', error: failure.message }, update: { status: 'bounced', error: failure.message } });
            if (contact) {
              // Suppressed everywhere: every journey's next send to this contact is skipped on
              // consent, and a rep task about them is taken back, as none would be made now.
              const at = new Date(now());
              await tx.contact.update({ where: { id: contact.id }, data: { consent: 'bounced', consentSource: `smtp ${failure.code}`, consentAt: at } });
              await cancelRepTasksAboutUnreachable(tx, [{ id: contact.id, consent: 'bounced' }], at);
            }
            await recordTouch(tx, touch('bounced', { code: failure.code, error: failure.message }));
          });
          return { status: 'bounced' };
        }
        if (failure.kind === 'rejected') {
          log(`[harpoon] the mail relay rejected message ${messageId} for good: ${failure.message}`);
          return settle('failed', 'rejected_by_relay', 'email_failed', { code: failure.code, error: failure.message });
        }
        if (failure.kind === 'soft') {
          const queued = { status: 'queued', error: failure.message };
          await db.emailSend.upsert({ where: { idempotencyKey: key }, create: { ...row(), ...queued }, update: queued });
          throw ApplicationFailure.retryable(`SMTP refused for now, will retry: ${failure.message}`, 'SmtpSoftFailure');
        }

        const outcome = await waitForRelay(failure.message);
        if (outcome) return outcome;
        continue; // the relay is back: check the policy again at this moment, then send
      }
      relay.reportUp();
      faults.afterHandoff?.(key);
      const sentAt = new Date(now());
      await writeMark({ kind: 'sent', idempotencyKey: key, sentAt, touch: touch('email_sent', { messageId, ...(relayWaitSince ? { waitedForRelaySince: relayWaitSince.toISOString() } : {}) }, 'email_sent', sentAt.getTime()) });
      return { status: 'sent' };
    }
  }

  return {
    async sendEmail(req: SendRequest): Promise<SendResult> {
      const ctx = asyncLocalStorage.getStore();
      // Heartbeats let Temporal notice a worker that died while a send waited for the relay.
      const beat = ctx ? setInterval(() => ctx.heartbeat(), 5_000) : undefined;
      try {
        return await linger.participate(() => sendEmail(req, ctx));
      } finally {
        clearInterval(beat);
      }
    },
  };
}

function sendRow(req: SendRequest) {
  return {
    accountId: req.accountId,
    contactId: req.contactId,
    salesRepId: req.internal?.salesRepId ?? null,
    workflowId: req.workflowId,
    stepPath: req.stepPath,
    templateKey: req.templateKey,
  };
}
