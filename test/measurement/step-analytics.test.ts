// The per-step figures of a small hand-made journey version, each worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { stepAnalytics, type ResponseFact, type SendFact, type StepLayout, type StepVisitFact } from '../../domain/measurement/step-analytics';

// engage: intro (email) → pause (wait) → warm? (branch: then convert) ; convert: pricing (email) → out (exit)
const layout: StepLayout = {
  stages: [
    { key: 'engage', steps: [{ id: 'intro', type: 'email' }, { id: 'pause', type: 'wait' }, { id: 'warm', type: 'branch' }] },
    { key: 'convert', steps: [{ id: 'pricing', type: 'email' }, { id: 'out', type: 'exit' }] },
  ],
};

// Three journeys (accounts A, B, C), each with a visit per step it entered:
//   A: intro → pause → warm → pricing → out (ended by the exit step, reason "converted")
//   B: intro → pause, where a goal ended it (all contacts unsubscribed)
//   C: intro, and still waiting in pause
const visit = (run: string, stage: string, stepId: string, left: StepVisitFact['left'], endReason: string | null = null): StepVisitFact => ({
  key: `${run}|${stage}/${stepId}#1`,
  stage,
  stepId,
  left,
  endReason,
});
const visits: StepVisitFact[] = [
  visit('A', 'engage', 'intro', 'moved_on'),
  visit('A', 'engage', 'pause', 'moved_on'),
  visit('A', 'engage', 'warm', 'moved_on'),
  visit('A', 'convert', 'pricing', 'moved_on'),
  visit('A', 'convert', 'out', 'ended', 'converted'),
  visit('B', 'engage', 'intro', 'moved_on'),
  visit('B', 'engage', 'pause', 'goal', 'all_contacts_unsubscribed'),
  visit('C', 'engage', 'intro', 'moved_on'),
  visit('C', 'engage', 'pause', null),
];

const hour = 3_600_000;
const send = (run: string, stepPath: string, contactId: string, status: string, sentAtMs: number | null, skipReason: string | null = null): SendFact => ({
  sendKey: `${run}|${stepPath}|${contactId}`,
  visitKey: `${run}|${stepPath}`,
  contactId,
  status,
  skipReason,
  sentAtMs,
});
// intro went to a1, a2 (A), b1 (B), c1 and c2 (C): a2 skipped for the weekly cap, c2 for consent,
// c1 bounced. pricing went to a1. Another journey (X) emailed b1 at 10 h.
const sends: SendFact[] = [
  send('A', 'engage/intro#1', 'a1', 'sent', 1 * hour),
  send('A', 'engage/intro#1', 'a2', 'skipped', null, 'cap:contact'),
  send('B', 'engage/intro#1', 'b1', 'sent', 1 * hour),
  send('C', 'engage/intro#1', 'c1', 'bounced', null),
  send('C', 'engage/intro#1', 'c2', 'skipped', null, 'consent:unsubscribed'),
  send('A', 'convert/pricing#1', 'a1', 'sent', 50 * hour),
  send('X', 'other/news#1', 'b1', 'sent', 10 * hour),
];
const responses: ResponseFact[] = [
  // a1 opens intro twice (one email opened), b1 opens intro: 2 emails, 2 people.
  { type: 'opened', sendKey: 'A|engage/intro#1|a1', contactId: 'a1', counted: true },
  { type: 'opened', sendKey: 'A|engage/intro#1|a1', contactId: 'a1', counted: true },
  { type: 'opened', sendKey: 'B|engage/intro#1|b1', contactId: 'b1', counted: true },
  // A scanner clicks b1's intro (machine-made: counts for nothing); a1 clicks pricing.
  { type: 'clicked', sendKey: 'B|engage/intro#1|b1', contactId: 'b1', counted: false },
  { type: 'clicked', sendKey: 'A|convert/pricing#1|a1', contactId: 'a1', counted: true },
  // a1 replies at 5 h: the last email sent to a1 before then is intro (1 h), not pricing (50 h).
  { type: 'replied', contactId: 'a1', atMs: 5 * hour },
  // b1 replies at 12 h: the last email to b1 before then is journey X's (10 h): none of these steps.
  { type: 'replied', contactId: 'b1', atMs: 12 * hour },
];

describe('per-step analytics', () => {
  const figures = stepAnalytics(layout, visits, sends, responses);
  const step = (id: string) => figures.find((f) => f.stepId === id)!;

  it('lists every step of the version in file order, entered or not', () => {
    expect(figures.map((f) => `${f.stage}/${f.stepId}`)).toEqual(['engage/intro', 'engage/pause', 'engage/warm', 'convert/pricing', 'convert/out']);
  });

  it('counts entries and how each visit left: moved on, ended by a goal, ended otherwise, still there', () => {
    // intro: A, B, C entered (3), all three moved on to pause.
    expect(step('intro')).toMatchObject({ entered: 3, movedOn: 3, exitedByGoal: 0, endedOtherwise: {}, stillHere: 0 });
    // pause: A moved on, B ended by a goal, C is still waiting: 3 = 1 + 1 + 1.
    expect(step('pause')).toMatchObject({ entered: 3, movedOn: 1, exitedByGoal: 1, endedOtherwise: {}, stillHere: 1 });
    // warm and pricing: only A, moved on.
    expect(step('warm')).toMatchObject({ entered: 1, movedOn: 1 });
    // out: A ended there by the exit step's reason.
    expect(step('out')).toMatchObject({ entered: 1, movedOn: 0, exitedByGoal: 0, endedOtherwise: { converted: 1 } });
  });

  it('counts sends, skips by reason and the other outcomes of each email step', () => {
    // intro: sent a1, b1 (2); skipped a2 (cap:contact), c2 (consent); c1 bounced.
    expect(step('intro')).toMatchObject({ sent: 2, skipped: { 'cap:contact': 1, 'consent:unsubscribed': 1 }, otherOutcomes: { bounced: 1 } });
    // pricing: sent a1 (1). A wait sends nothing.
    expect(step('pricing')).toMatchObject({ sent: 1, skipped: {}, otherOutcomes: {} });
    expect(step('pause')).toMatchObject({ sent: 0, skipped: {} });
  });

  it('counts opens, people-made clicks and replies per email and per person, with rates over sent', () => {
    // intro opened: a1's and b1's emails (a1 twice is one email) = 2 emails, 2 people; 2 / 2 sent = 1.
    expect(step('intro').opened).toEqual({ emails: 2, people: 2, rate: 1 });
    // intro clicked: only the scanner's click on b1's email, which does not count: 0 of 2 = 0.
    expect(step('intro').clicked).toEqual({ emails: 0, people: 0, rate: 0 });
    // intro replied: a1's reply (5 h) answers intro (1 h); b1's answers journey X: 1 / 2 = 0.5.
    expect(step('intro').replied).toEqual({ emails: 1, people: 1, rate: 0.5 });
    // pricing: a1 clicked: 1 / 1 sent = 1; nobody opened or replied after it: 0 / 1 = 0.
    expect(step('pricing').clicked).toEqual({ emails: 1, people: 1, rate: 1 });
    expect(step('pricing').opened).toEqual({ emails: 0, people: 0, rate: 0 });
    // A step that sent nothing has no rate: 0 / 0 is "no data", not 0 %.
    expect(step('pause').opened).toEqual({ emails: 0, people: 0, rate: null });
  });

  it('ignores visits of steps the version does not have, and their sends', () => {
    const foreign = stepAnalytics(layout, [visit('D', 'engage', 'gone', 'moved_on')], [send('D', 'engage/gone#1', 'd1', 'sent', hour)], []);
    expect(foreign.every((f) => f.entered === 0 && f.sent === 0)).toBe(true);
  });
});
