// Per-step analytics of one journey version: from the steps journeys entered (their visits) and what
// each step's emails led to, the figures of every step of the version. Pure: the database reader is
// metrics/step-analytics.ts; the CLI, the API and the console show what this returns.
import { ratio } from '../metrics/formulas';

/** The version's steps in file order (stage by stage), as the definition lays them out. */
export type StepLayout = { stages: readonly { key: string; steps: readonly { id: string; type: string }[] }[] };

/** A visit is named like its step's sends (workflow ID + step path), so the two join. */
export const stepVisitKey = (workflowId: string, stepPath: string) => `${workflowId}|${stepPath}`;

/** One execution of a step; `left` is null while the journey is still at it. */
export type StepVisitFact = { key: string; stage: string; stepId: string; left: 'moved_on' | 'goal' | 'ended' | null; endReason: string | null };

/** One planned email (EmailSend) by its idempotency key, and the visit of the step that planned it (workflow ID + step path). */
export type SendFact = { sendKey: string; visitKey: string; contactId: string; status: string; skipReason: string | null; sentAtMs: number | null };

/** A response on the timeline: opens and clicks name their send; a reply names only its contact. */
export type ResponseFact =
  | { type: 'opened' | 'clicked'; sendKey: string; contactId: string; counted: boolean }
  | { type: 'replied'; contactId: string; atMs: number };

/** Emails of the step a person responded to, the people who did, and the emails' share of those sent. */
export type ResponseFigures = { emails: number; people: number; rate: number | null };

export type StepFigures = {
  stage: string;
  stepId: string;
  stepType: string;
  entered: number;
  /** Left for another step: the next one, or a jump (its own, a trigger's, an operator's, sales'). */
  movedOn: number;
  /** The journey ended by a goal while at this step (or after it, before entering another). */
  exitedByGoal: number;
  /** The journey ended at this step for another reason (an exit step, its end, a trigger's exit, a stop), by reason. */
  endedOtherwise: Record<string, number>;
  /** Journeys at this step now. */
  stillHere: number;
  /** Emails the relay accepted. */
  sent: number;
  /** Emails the send path skipped, by its reason (consent, caps, the account leaving the pool ...). */
  skipped: Record<string, number>;
  /** Emails neither sent nor skipped: bounced, failed, unconfirmed, or still waiting (queued). */
  otherOutcomes: Record<string, number>;
  opened: ResponseFigures;
  clicked: ResponseFigures;
  replied: ResponseFigures;
};

const increment = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** The send a reply answers: the latest email sent to its contact before it. */
function answeredSend(sends: readonly SendFact[], reply: { contactId: string; atMs: number }): SendFact | undefined {
  let latest: SendFact | undefined;
  for (const send of sends) {
    if (send.status !== 'sent' || send.contactId !== reply.contactId || send.sentAtMs === null || send.sentAtMs > reply.atMs) continue;
    if (!latest || send.sentAtMs > latest.sentAtMs!) latest = send;
  }
  return latest;
}

type Responders = { sendKeys: Set<string>; contacts: Set<string> };
const responders = (): Responders => ({ sendKeys: new Set(), contacts: new Set() });
const figuresOf = (r: Responders, sent: number): ResponseFigures => ({ emails: r.sendKeys.size, people: r.contacts.size, rate: ratio(r.sendKeys.size, sent) });

/**
 * Every step of the layout, in order, with its figures; a step no journey entered has zeros (its
 * rates null). Machine-made opens and clicks (`counted: false`) count for nothing. A reply counts for
 * the step whose email was the last one sent to the contact before it; `sends` may hold other
 * journeys' emails to the same contacts, so a reply to one of those counts for none of these steps.
 */
export function stepAnalytics(layout: StepLayout, visits: readonly StepVisitFact[], sends: readonly SendFact[], responses: readonly ResponseFact[]): StepFigures[] {
  const rows = new Map<string, StepFigures & { responders: Record<'opened' | 'clicked' | 'replied', Responders> }>();
  const rowKey = (stage: string, stepId: string) => `${stage}/${stepId}`;
  for (const stage of layout.stages) {
    for (const step of stage.steps) {
      rows.set(rowKey(stage.key, step.id), {
        stage: stage.key,
        stepId: step.id,
        stepType: step.type,
        entered: 0,
        movedOn: 0,
        exitedByGoal: 0,
        endedOtherwise: {},
        stillHere: 0,
        sent: 0,
        skipped: {},
        otherOutcomes: {},
        opened: figuresOf(responders(), 0),
        clicked: figuresOf(responders(), 0),
        replied: figuresOf(responders(), 0),
        responders: { opened: responders(), clicked: responders(), replied: responders() },
      });
    }
  }
  const rowOfVisit = new Map<string, NonNullable<ReturnType<typeof rows.get>>>();
  for (const visit of visits) {
    const row = rows.get(rowKey(visit.stage, visit.stepId));
    // A visit of a step the layout does not have cannot be this version's.
    if (!row) continue;
    rowOfVisit.set(visit.key, row);
    row.entered++;
    if (visit.left === 'moved_on') row.movedOn++;
    else if (visit.left === 'goal') row.exitedByGoal++;
    else if (visit.left === 'ended') increment(row.endedOtherwise, visit.endReason ?? 'ended');
    else row.stillHere++;
  }
  const ownSends = sends.filter((s) => rowOfVisit.has(s.visitKey));
  const sendByKey = new Map(ownSends.map((s) => [s.sendKey, s]));
  for (const send of ownSends) {
    const row = rowOfVisit.get(send.visitKey)!;
    if (send.status === 'sent') row.sent++;
    else if (send.status === 'skipped') increment(row.skipped, send.skipReason ?? 'skipped');
    else increment(row.otherOutcomes, send.status === 'sending' ? 'queued' : send.status);
  }
  for (const response of responses) {
    const send = response.type === 'replied' ? answeredSend(sends, response) : response.counted ? sendByKey.get(response.sendKey) : undefined;
    const row = send && rowOfVisit.get(send.visitKey);
    if (!send || !row) continue;
    const r = row.responders[response.type];
    r.sendKeys.add(send.sendKey);
    r.contacts.add(send.contactId);
  }
  return [...rows.values()].map(({ responders: r, ...row }) => ({
    ...row,
    opened: figuresOf(r.opened, row.sent),
    clicked: figuresOf(r.clicked, row.sent),
    replied: figuresOf(r.replied, row.sent),
  }));
}
