// Bounce and complaint rates: the arithmetic and the providers' limits by hand, then the report over
// the metrics fixture in a real database file, with a complaint and a bounce arriving as events do.
import { beforeAll, describe, expect, it } from 'vitest';
import { deliverability } from '../../domain/metrics/deliverability';
import { recordEngagement } from '../../engagement/record-engagement';
import { computeReport } from '../../metrics/report';
import { reportTable } from '../../metrics/report-text';
import { useFreshDb } from '../support/fresh-db';
import { at, october, seedMetricsFixture, type Fixture } from './fixture';

describe('deliverability', () => {
  it('warns at 0.1 % of complaints, and says providers act at 0.3 %', () => {
    // 9 / 10,000 = 0.09 %: under the 0.1 % providers ask for.
    expect(deliverability({ sent: 10_000, attempted: 10_000, bounced: 0, complained: 9 })).toMatchObject({ complaintRate: 0.0009, warnings: [] });
    // 10 / 10,000 = 0.10 %: asked to stay under it.
    expect(deliverability({ sent: 10_000, attempted: 10_000, bounced: 0, complained: 10 }).warnings).toEqual([expect.stringMatching(/^spam complaints at 0\.10 % are above the 0\.10 % .* act at 0\.30 %/)]);
    // 29 / 10,000 = 0.29 %: still the softer warning; 30 / 10,000 = 0.30 %: the limit itself.
    expect(deliverability({ sent: 10_000, attempted: 10_000, bounced: 0, complained: 29 }).warnings).toEqual([expect.stringMatching(/above the 0\.10 %/)]);
    expect(deliverability({ sent: 10_000, attempted: 10_000, bounced: 0, complained: 30 }).warnings).toEqual([expect.stringMatching(/^spam complaints at 0\.30 % reach the 0\.30 % at which Gmail and Yahoo refuse/)]);
  });

  it('counts bounces among all that went out or was refused, and warns above 2 %', () => {
    // 2 of 100 = 2 %: at the line, not over it; 3 of 100 = 3 %.
    expect(deliverability({ sent: 98, attempted: 100, bounced: 2, complained: 0 })).toMatchObject({ bounceRate: 0.02, warnings: [] });
    expect(deliverability({ sent: 97, attempted: 100, bounced: 3, complained: 0 }).warnings).toEqual([expect.stringMatching(/^3\.00 % of emails bounced/)]);
  });

  it('has no rate without emails: no data is not 0 %', () => {
    expect(deliverability({ sent: 0, attempted: 0, bounced: 0, complained: 0 })).toMatchObject({ bounceRate: null, complaintRate: null, warnings: [] });
  });
});

describe('the report', () => {
  const t = useFreshDb();
  let fx: Fixture;
  beforeAll(async () => {
    fx = await seedMetricsFixture(t.db);
    // A provider's feedback loop reports bea's complaint; the relay reports bert's address dead. Each
    // is reported again a day later, as feedback loops and webhooks do: one person each, still.
    for (const day of [12, 13]) {
      await recordEngagement(t.db, { type: 'complained', contact: { id: fx.contacts.bea! }, source: 'feedback loop', at: at(day), eventId: `fbl-${day}` });
      await recordEngagement(t.db, { type: 'bounced', contact: { id: fx.contacts.bert! }, source: 'relay report', at: at(day), eventId: `bounce-${day}` });
    }
    // The handoff notice to beta's rep: no one's marketing email, so in no rate.
    await t.db.emailSend.create({
      data: { idempotencyKey: 'handoff-notice', accountId: fx.ids.beta, contactId: null, workflowId: `handoff/${fx.ids.beta}/1`, stepPath: 'notice', templateKey: 'sales-handoff', messageId: 'notice@fixture', status: 'sent', sentAt: at(13) },
    });
  });

  it("shows October's rates with their warnings, in JSON and in the table", async () => {
    const r = await computeReport(t.db, october, Date.parse('2026-12-05T00:00:00Z'));
    // Sent in October: alice, arno, bert, bea, gus twice = 6 (ada's was skipped; gus's third is September's).
    expect(r.deliverability).toEqual({
      sent: 6,
      bounced: 1,
      complained: 1,
      bounceRate: 0.1667, // 1 / 6: bert's October email is among the 6 that went out, not one more
      complaintRate: 0.166667, // 1 / 6
      complaintThreshold: 0.003,
      warnings: [expect.stringMatching(/^spam complaints at 16\.67 % reach the 0\.30 %/), expect.stringMatching(/^16\.67 % of emails bounced/)],
    });
    const table = reportTable(r);
    expect(table).toMatch(/spam complaint rate\s+16\.67 %\s+\(1 complaints; providers act at 0\.3 %\)/);
    expect(table).toContain('WARNING: spam complaints at 16.67 %');
  });

  it("gives a journey's report its own emails, its bounces, and the complaints of people it had emailed", async () => {
    const december = Date.parse('2026-12-05T00:00:00Z');
    // exec sent alice and arno; nobody it emailed complained.
    expect((await computeReport(t.db, { ...october, journey: 'exec' }, december)).deliverability).toMatchObject({ sent: 2, bounced: 0, complained: 0 });
    // nurture sent bert, bea and gus twice; bea complained after its email. Bert's reported bounce names no journey.
    expect((await computeReport(t.db, { ...october, journey: 'nurture' }, december)).deliverability).toMatchObject({ sent: 4, bounced: 0, complained: 1 });
  });

  it('a complaint unsubscribes the person who made it, and a reported bounce suppresses the address', async () => {
    expect(await t.db.contact.findUniqueOrThrow({ where: { id: fx.contacts.bea! }, select: { consent: true, consentSource: true } })).toEqual({
      consent: 'unsubscribed',
      consentSource: 'spam complaint (feedback loop)',
    });
    // Its touch says the consent changed: webhooks and CRMs hear an unsubscribe (reach/touch-events.ts).
    expect((await t.db.touch.findFirstOrThrow({ where: { contactId: fx.contacts.bea!, type: 'complained' } })).detail).toMatchObject({ unsubscribed: true });
    expect(await t.db.contact.findUniqueOrThrow({ where: { id: fx.contacts.bert! }, select: { consent: true, consentSource: true } })).toEqual({
      consent: 'bounced',
      consentSource: 'bounce (relay report)',
    });
  });
});
