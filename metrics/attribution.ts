// The attribution report: one framework-free entry point for `harpoon report attribution`, GET
// /v1/metrics/attribution and the console's Attribution page. The conversions come from the metrics
// report's own reader (the same scope, the same tasks, the same period rules), so attributed plus
// unattributed is the report's pipeline and won revenue; the touches come in a few batched queries
// over the converting accounts, whatever their number.
import type { z } from 'zod';
import type { Db } from '../db/client';
import { attribute, type AttributedTouch, type Conversion } from '../domain/measurement/attribution';
import type { attributionReportSchema } from '../domain/measurement/attribution-report';
import type { AttributionQuery } from '../domain/measurement/attribution-query';
import { attributedTouchTypes, channelOf, emailSentTouchType } from '../domain/measurement/channels';
import { inPeriod, periodOf, type Period } from '../domain/metrics/filter';
import { standingAttendance } from '../domain/metrics/standing-attendance';
import { wonIn, type AccountFacts } from '../domain/metrics/summarize';
import { eventKeyOf, eventTouchTypes, isCounted } from '../domain/metrics/touch-kinds';
import { parseDuration } from '../domain/time/duration';
import { collectFacts } from './account-facts';
import { resolveScope } from './report';

export type AttributionReport = z.infer<typeof attributionReportSchema>;

type Detail = { step?: unknown; sendKey?: unknown } | null;
const stringOf = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
/** A step as the journey file names it (`engage/intro`): every visit of a step is the same step. */
const stepOf = (stepPath: string | null) => stepPath?.replace(/#[^#]*$/, '') ?? null;
/** A journey's workflow is `journey/<key>/<account>` (workflows/ids.ts); other workflows are no journey. */
const journeyOfWorkflow = (workflowId: string) => /^journey\/([^/]+)\//.exec(workflowId)?.[1] ?? null;

/** The handoff tasks' conversions of the period, exactly as the report counts opportunities and won deals. */
function conversionsOf(accounts: readonly AccountFacts[], period: Period): { accountId: string; conversion: Omit<Conversion, 'touches'> }[] {
  return accounts.flatMap((a) =>
    a.tasks.flatMap((t) => {
      const common = { handoffAtMs: t.createdAtMs, opportunityAtMs: t.opportunityAtMs };
      // An opportunity earns the pipeline it opened with; a won deal, what it was won at.
      return [
        ...(inPeriod(period, t.opportunityAtMs) ? [{ accountId: a.accountId, conversion: { kind: 'opportunity' as const, atMs: t.opportunityAtMs, amount: t.opportunityAmount, ...common } }] : []),
        ...(wonIn(t, period) ? [{ accountId: a.accountId, conversion: { kind: 'won' as const, atMs: t.closedAtMs!, amount: t.amount, ...common } }] : []),
      ];
    }),
  );
}

/** Each account's touches that can earn credit from `sinceMs` to the end of the period, in time order. */
async function touchesOf(db: Db, accountIds: string[], sinceMs: number, period: Period): Promise<Map<string, AttributedTouch[]>> {
  const until = new Date(period.toMs);
  const rows = await db.touch.findMany({
    where: { accountId: { in: accountIds }, type: { in: [...attributedTouchTypes, eventTouchTypes.noShow] }, at: { gte: new Date(sinceMs), lt: until } },
    select: { id: true, accountId: true, contactId: true, type: true, at: true, detail: true, journeyKey: true },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  // A corrected attendance export supersedes the first, as in the report.
  const standing = standingAttendance(rows);
  const kept = rows.filter(
    (t) =>
      t.type !== eventTouchTypes.noShow &&
      isCounted(t.detail) &&
      (t.type !== eventTouchTypes.attended || standing.has(t.id)) &&
      // An internal email to a rep touches none of the account's people.
      (t.type !== emailSentTouchType || t.contactId !== null),
  );

  // An event touch belongs to the journey (and the step) whose invitation the contact answered.
  const eventContacts = [...new Set(kept.flatMap((t) => (eventKeyOf(t.detail) !== undefined && t.contactId !== null ? [t.contactId] : [])))];
  const invitations = eventContacts.length
    ? await db.touch.findMany({
        where: { type: 'event_invited', contactId: { in: eventContacts }, at: { lt: until } },
        select: { contactId: true, journeyKey: true, detail: true, at: true },
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
      })
    : [];
  const invitationsTo = new Map<string, typeof invitations>();
  for (const i of invitations) (invitationsTo.get(i.contactId!) ?? invitationsTo.set(i.contactId!, []).get(i.contactId!)!).push(i);
  const invitationOf = (contactId: string | null, eventKey: string, atMs: number) =>
    (invitationsTo.get(contactId ?? '') ?? []).findLast((i) => eventKeyOf(i.detail) === eventKey && i.at.getTime() <= atMs);

  // An open, click or reply on an email, and an invitation, name the send they came from.
  const sendKeys = [...new Set([...kept, ...invitations].flatMap((t) => stringOf((t.detail as Detail)?.sendKey) ?? []))];
  const sends = sendKeys.length
    ? await db.emailSend.findMany({ where: { idempotencyKey: { in: sendKeys } }, select: { idempotencyKey: true, workflowId: true, stepPath: true } })
    : [];
  const sendOf = new Map(sends.map((s) => [s.idempotencyKey, s]));
  const fromSend = (detail: unknown) => {
    const send = sendOf.get(stringOf((detail as Detail)?.sendKey) ?? '');
    return send ? { journey: journeyOfWorkflow(send.workflowId), step: stepOf(send.stepPath) } : { journey: null, step: null };
  };

  const byAccount = new Map<string, AttributedTouch[]>();
  for (const t of kept) {
    const event = eventKeyOf(t.detail) ?? null;
    const atMs = t.at.getTime();
    const invitation = event === null ? undefined : invitationOf(t.contactId, event, atMs);
    const place =
      t.type === emailSentTouchType
        ? { journey: t.journeyKey, step: stepOf(stringOf((t.detail as Detail)?.step)) }
        : invitation
          ? { journey: invitation.journeyKey, step: fromSend(invitation.detail).step }
          : fromSend(t.detail);
    const touch: AttributedTouch = { atMs, channel: channelOf(t.type)!, event, ...place };
    (byAccount.get(t.accountId) ?? byAccount.set(t.accountId, []).get(t.accountId)!).push(touch);
  }
  return byAccount;
}

/** The attribution report for `query` (already validated with attributionQuerySchema). */
export async function computeAttribution(db: Db, query: AttributionQuery, nowMs = Date.now()): Promise<AttributionReport> {
  const period = periodOf(query, nowMs);
  const lookbackMs = parseDuration(query.lookback)!;
  const facts = await collectFacts(db, await resolveScope(db, query), period);
  const found = conversionsOf(facts.accounts, period);
  const touches = found.length
    ? await touchesOf(db, [...new Set(found.map((f) => f.accountId))], found.reduce((min, f) => Math.min(min, f.conversion.atMs), Infinity) - lookbackMs, period)
    : new Map<string, AttributedTouch[]>();
  const conversions = found.map(({ accountId, conversion }) => ({ ...conversion, touches: touches.get(accountId) ?? [] }));
  return {
    query,
    period: { from: period.fromMs === null ? null : new Date(period.fromMs).toISOString(), to: new Date(period.toMs).toISOString() },
    generatedAt: new Date(nowMs).toISOString(),
    currency: facts.currency,
    ...attribute(conversions, { model: query.model, lookbackMs, halfLifeMs: parseDuration(query.halfLife)! }, query.by),
  };
}
