// An A/B-tested email step on the time-skipping server with the real send activity, database and
// SMTP sink: each contact gets one variant by the seeded split, recorded and on the timeline; once
// the clicks make the rule decide, the accounts still to be reached get the winner only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEngagement } from '../../engagement/record-engagement';
import { defaultSalesConfig } from '../../config/sales';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { assignVariant } from '../../domain/measurement/variant-assignment';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { forecastAccount } from '../../forecast/simulate';
import { createJourneyHarness, type JourneyHarness } from '../support/journey-harness';

let h: JourneyHarness;
/** Contacts whose first send dies right before the hand-off to the relay, as a worker that stops there. */
const dieOnce = new Set<string>();
const died: string[] = [];
beforeAll(async () => {
  h = await createJourneyHarness({
    faults: {
      beforeHandoff: (key) => {
        const contactId = key.split('|').at(-1)!;
        if (!dieOnce.delete(contactId)) return;
        died.push(contactId);
        throw new Error('the worker stopped before handing the message to the relay');
      },
    },
  });
});
afterAll(async () => {
  await h?.teardown();
});

const noQuietHours = { quietHours: { start: '00:00', end: '00:00', weekends: false } };
const variants = [
  { key: 'a', subject: 'A short question for you' },
  { key: 'b', template: 'case-study' },
];
const journey = {
  key: 'ab-intro',
  name: 'A/B intro',
  policy: noQuietHours,
  stages: [
    {
      key: 'engage',
      steps: [
        { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] }, variants, winner: { metric: 'clicks', within: '1d', minSample: 5 } },
        { id: 'settle', type: 'wait', duration: '2d' },
      ],
    },
  ],
};
const seed = 'ab-intro/intro';

let accounts = 0;
/** An account of five champions (the per-account cap allows six emails a week). */
const account = () => {
  const n = ++accounts;
  return h.account({ domain: `ab${n}.example`, contacts: Array.from({ length: 5 }, (_, i) => ({ email: `champ${i}@ab${n}.example`, role: 'champion' })) });
};

/** Starts the journey for the accounts and waits for each to end, one result at a time (concurrent result() calls upset the time-skipping server's lock count). */
async function runJourneys(version: number, accounts: { id: string }[], journeyKey = 'ab-intro') {
  const handles = [];
  for (const a of accounts) handles.push(await h.start(journeyKey, version, a.id));
  for (const handle of handles) await handle.result();
}

const subjectOf = (file: string) => /^Subject: (.*)$/m.exec(readFileSync(path.join(h.outboxDir, file), 'utf8'))?.[1];

describe('an A/B-tested email step', () => {
  it('splits contacts by the seeded assignment, then sends the decided winner to the accounts still to be reached', async () => {
    const { version } = await h.publish(journey);
    // The first accounts, until the split gives each variant at least the minimum sample of 5.
    const first: Awaited<ReturnType<typeof account>>[] = [];
    const predicted = new Map<string, string>();
    while (!['a', 'b'].every((k) => [...predicted.values()].filter((v) => v === k).length >= 5)) {
      const a = await account();
      first.push(a);
      for (const c of a.contacts) predicted.set(c.id, assignVariant({ seed, variants }, c.id).key);
    }
    await runJourneys(version, first);

    // Each contact got one email, of the variant the seeded split names, and its assignment is recorded.
    const sends = await h.db.emailSend.findMany({ where: { accountId: { in: first.map((a) => a.id) } } });
    expect(sends).toHaveLength(predicted.size);
    for (const s of sends) {
      const key = predicted.get(s.contactId!)!;
      expect(s).toMatchObject({ status: 'sent', variantKey: key, templateKey: key === 'a' ? 'intro' : 'case-study' });
    }
    const assignments = await h.db.variantAssignment.findMany({ where: { journeyKey: 'ab-intro', reason: 'split' } });
    expect(new Map(assignments.map((a) => [a.unitId, a.variantKey]))).toEqual(predicted);
    // Variant a keeps the template and changes the subject; b sends the other template with its own subject.
    const subjects = h.delivered().map(subjectOf);
    const aCount = [...predicted.values()].filter((v) => v === 'a').length;
    expect(subjects.filter((s) => s === 'A short question for you')).toHaveLength(aCount);
    // On the timeline: the assignment with why, and the sent email with its variant.
    const touch = await h.db.touch.findFirstOrThrow({ where: { type: 'variant_assigned', contactId: sends[0]!.contactId } });
    expect((touch.detail as { text: string }).text).toContain('seeded split by contact (seed ab-intro/intro; a 50%, b 50%)');
    const sent = await h.db.touch.findFirstOrThrow({ where: { type: 'email_sent', contactId: sends[0]!.contactId } });
    expect(sent.detail).toMatchObject({ variant: predicted.get(sends[0]!.contactId!) });

    // The forecast of the same journey for the same accounts names the same variant for every contact.
    const def = journeyDefinitionSchema.parse(journey);
    for (const a of first) {
      const contacts = a.contacts.map((c) => ({ id: c.id, email: c.email, role: c.role, seniority: c.seniority, consent: 'subscribed', timezone: null }));
      const forecast = await forecastAccount(def, { id: a.id, domain: a.domain, tier: 3, timezone: 'UTC', contacts, history: [], recentSends: [] }, { startMs: Date.now(), days: 7, policy: defaultContactPolicy, defaultMqa: defaultSalesConfig.mqa, events: [] });
      expect(forecast.entries.filter((e) => e.kind === 'sent').map((e) => [e.contactId, e.variant, e.template])).toEqual(
        sends.filter((s) => s.accountId === a.id).sort((x, y) => a.contacts.findIndex((c) => c.id === x.contactId) - a.contacts.findIndex((c) => c.id === y.contactId)).map((s) => [s.contactId, s.variantKey, s.templateKey]),
      );
    }

    // Every contact who got b clicks within the day; nobody who got a does.
    for (const s of sends.filter((s) => s.variantKey === 'b')) {
      await recordEngagement(h.db, {
        type: 'clicked',
        contact: { id: s.contactId! },
        source: 'email',
        at: new Date(s.sentAt!.getTime() + 3_600_000),
        detail: { sendKey: s.idempotencyKey, url: 'https://keelson.example/case' },
        deliverToJourneys: false,
      });
    }
    expect(await h.db.variantDecision.count()).toBe(0);

    // Two days on (the journeys waited), later accounts' first send finds the rule met: b wins.
    const later = [await account(), await account()];
    await runJourneys(version, later);
    const decision = await h.db.variantDecision.findFirstOrThrow({ where: { journeyKey: 'ab-intro', journeyVersion: version, stepId: 'intro' } });
    const bCount = predicted.size - aCount;
    expect(decision).toMatchObject({ winnerKey: 'b', metric: 'clicks' });
    expect(decision.explanation).toMatch(new RegExp(`^b wins: 100\\.0% clicked vs 0\\.0% \\(n=${bCount}, ${aCount}\\), p=[0-9.e-]+ < 0\\.05$`));

    const laterSends = await h.db.emailSend.findMany({ where: { accountId: { in: later.map((a) => a.id) } } });
    expect(laterSends).toHaveLength(10);
    expect(new Set(laterSends.map((s) => `${s.status} ${s.variantKey} ${s.templateKey}`))).toEqual(new Set(['sent b case-study']));
    const winnerTouches = await h.db.touch.findMany({ where: { type: 'variant_assigned', accountId: { in: later.map((a) => a.id) } } });
    expect(winnerTouches).toHaveLength(10);
    for (const t of winnerTouches) expect((t.detail as { text: string }).text).toContain(`the winner of the test: ${decision.explanation}`);
    expect(await h.db.variantAssignment.count({ where: { reason: 'winner' } })).toBe(10);
  });

  it('keeps a retried send on its variant and sends it once', async () => {
    const { version } = await h.publish({ ...journey, key: 'ab-retry' });
    const a = await account();
    for (const c of a.contacts) dieOnce.add(c.id);
    const before = h.delivered().length;
    await runJourneys(version, [a], 'ab-retry');
    expect(died.sort()).toEqual(a.contacts.map((c) => c.id).sort());
    const sends = await h.sends(a.id);
    const assignments = await h.db.variantAssignment.findMany({ where: { journeyKey: 'ab-retry' } });
    expect(sends.map((s) => [s.contactId, s.status, s.variantKey]).sort()).toEqual(assignments.map((x) => [x.unitId, 'sent', x.variantKey]).sort());
    expect(h.delivered().length - before).toBe(5);
  });
});
