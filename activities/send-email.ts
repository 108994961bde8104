// The send activity: load, check the contact policy against live data, send, record. Each send has
// an idempotency key (workflow ID + step path + contact) that is the primary key of its EmailSend
// row, so a retried or replayed activity never sends the same email twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import type { Db } from '../db/client';
import { decideSend, resolvePolicy, type ContactPolicy, type ContactPolicyOverride } from '../domain/policy/contact-policy';
import { composeEmail, messageIdFor } from '../mail/compose';
import { classifySmtpError } from '../mail/transport';
import { recordTouch } from './touches';

export type Mailer = { transport: Transporter; from: string; publicUrl: string; secret: string; policy: ContactPolicy };

/** Test hook: runs right after the SMTP server accepted a message; throwing simulates a crash there. */
export type SendFaults = { afterHandoff?: (idempotencyKey: string) => void };

export type SendRequest = {
  idempotencyKey: string;
  workflowId: string;
  journeyKey: string;
  accountId: string;
  contactId: string;
  templateKey: string;
  stage: string;
  stepPath: string;
  /** Workflow time: policy windows and send times follow the journey's clock. */
  nowMs: number;
  policy?: ContactPolicyOverride;
};

export type SendResult =
  | { status: 'sent' }
  | { status: 'skipped'; reason: string }
  | { status: 'deferred'; reason: string; untilMs: number }
  | { status: 'bounced' };

const hourMs = 3_600_000;

function outcomeOf(row: { status: string; skipReason: string | null }): SendResult {
  if (row.status === 'skipped') return { status: 'skipped', reason: row.skipReason ?? 'skipped' };
  if (row.status === 'bounced') return { status: 'bounced' };
  return { status: 'sent' };
}

export function createSendEmailActivities(db: Db, mailer: Mailer, faults: SendFaults = {}) {
  /** When the account's contacts were emailed lately: one query serves both caps. */
  async function recentSends(accountId: string, sinceMs: number) {
    return db.emailSend.findMany({
      where: { accountId, status: 'sent', sentAt: { gte: new Date(sinceMs) } },
      select: { contactId: true, sentAt: true },
    });
  }

  return {
    async sendEmail(req: SendRequest): Promise<SendResult> {
      const key = req.idempotencyKey;
      const touch = (type: string, detail: Record<string, unknown>, suffix = type) => ({
        idempotencyKey: `${key}|${suffix}`,
        accountId: req.accountId,
        contactId: req.contactId,
        workflowId: req.workflowId,
        journeyKey: req.journeyKey,
        type,
        detail: { template: req.templateKey, stage: req.stage, step: req.stepPath, ...detail },
        at: new Date(req.nowMs),
      });

      const prior = await db.emailSend.findUnique({ where: { idempotencyKey: key } });
      if (prior?.status === 'sending') {
        // An earlier attempt died during or after the SMTP hand-off. Sending again could deliver a
        // second copy, so Harpoon assumes delivery (at most once) and records it.
        await db.$transaction(async (tx) => {
          await tx.emailSend.update({ where: { idempotencyKey: key }, data: { status: 'sent', sentAt: new Date(req.nowMs) } });
          await recordTouch(tx, touch('email_sent', { messageId: prior.messageId, note: 'recorded after a retry' }));
        });
        return { status: 'sent' };
      }
      if (prior && prior.status !== 'failed') return outcomeOf(prior);

      const contact = await db.contact.findUnique({ where: { id: req.contactId }, include: { account: true } });
      const skip = async (reason: string, detail: string): Promise<SendResult> => {
        await db.$transaction(async (tx) => {
          const row = { status: 'skipped', skipReason: reason };
          await tx.emailSend.upsert({
            where: { idempotencyKey: key },
            create: { idempotencyKey: key, ...sendRow(req), messageId: messageIdFor(key), ...row },
            update: row,
          });
          await recordTouch(tx, touch('email_skipped', { reason, why: detail }));
        });
        return { status: 'skipped', reason };
      };
      if (!contact || contact.accountId !== req.accountId) return skip('contact_removed', 'the contact is no longer in this account');
      const { poolStatus } = contact.account;
      if (poolStatus === 'excluded' || poolStatus === 'retired') {
        // The negative list and retirement apply at once, whatever a running journey planned.
        return skip(`account:${poolStatus}`, `the account is ${poolStatus} and receives no journey email`);
      }

      const policy = resolvePolicy(mailer.policy, req.policy);
      const lookBackMs = Math.max(policy.perContact.windowDays * 24, policy.perContact.minGapHours, policy.perAccount.windowDays * 24) * hourMs;
      const recent = await recentSends(req.accountId, req.nowMs - lookBackMs);
      const decision = decideSend(
        {
          consent: contact.consent as Parameters<typeof decideSend>[0]['consent'],
          contactSendsMs: recent.filter((r) => r.contactId === contact.id).map((r) => r.sentAt!.getTime()),
          accountSendsMs: recent.map((r) => r.sentAt!.getTime()),
          nowMs: req.nowMs,
          timeZone: contact.timezone ?? contact.account.timezone,
        },
        policy,
      );
      if (decision.decision === 'skip') return skip(decision.reason, decision.detail);
      if (decision.decision === 'defer') {
        await db.$transaction((tx) =>
          recordTouch(tx, touch('email_deferred', { reason: decision.reason, until: new Date(decision.untilMs).toISOString() }, `deferred|${decision.untilMs}`)),
        );
        return { status: 'deferred', reason: decision.reason, untilMs: decision.untilMs };
      }

      const messageId = messageIdFor(key);
      await db.emailSend.upsert({
        where: { idempotencyKey: key },
        create: { idempotencyKey: key, ...sendRow(req), messageId, status: 'sending' },
        update: { status: 'sending', error: null },
      });
      const message = await composeEmail({
        templateKey: req.templateKey,
        context: {
          contact: {
            firstName: contact.firstName ?? '',
            lastName: contact.lastName ?? '',
            title: contact.title ?? '',
            role: contact.role,
            seniority: contact.seniority ?? 'individual',
          },
          account: { name: contact.account.name, industry: contact.account.industry ?? '' },
          stage: req.stage,
        },
        to: contact.email,
        from: mailer.from,
        idempotencyKey: key,
        messageId,
        ids: { accountId: req.accountId, contactId: contact.id, workflowId: req.workflowId },
        publicUrl: mailer.publicUrl,
        secret: mailer.secret,
      });

      try {
        await mailer.transport.sendMail(message);
      } catch (err) {
        const failure = classifySmtpError(err);
        if (failure.kind === 'soft') {
          await db.emailSend.update({ where: { idempotencyKey: key }, data: { status: 'failed', error: failure.message } });
          throw ApplicationFailure.retryable(`SMTP refused for now, will retry: ${failure.message}`, 'SmtpSoftFailure');
        }
        await db.$transaction(async (tx) => {
          await tx.emailSend.update({ where: { idempotencyKey: key }, data: { status: 'bounced', error: failure.message } });
          // Suppressed everywhere: every journey's next send to this contact is skipped on consent.
          await tx.contact.update({
            where: { id: contact.id },
            data: { consent: 'bounced', consentSource: `smtp ${failure.code}`, consentAt: new Date(req.nowMs) },
          });
          await recordTouch(tx, touch('bounced', { code: failure.code, error: failure.message }));
        });
        return { status: 'bounced' };
      }

      faults.afterHandoff?.(key);
      // A batched transaction: atomic like the others, in fewer round trips on the hot path.
      await db.$transaction([
        db.emailSend.update({ where: { idempotencyKey: key }, data: { status: 'sent', sentAt: new Date(req.nowMs) } }),
        recordTouch(db, touch('email_sent', { messageId })),
      ]);
      return { status: 'sent' };
    },
  };
}

function sendRow(req: SendRequest) {
  return {
    accountId: req.accountId,
    contactId: req.contactId,
    workflowId: req.workflowId,
    stepPath: req.stepPath,
    templateKey: req.templateKey,
  };
}
