// Attribution on a real database (the programme of attribution-fixture.ts), worked out by hand: which
// touches count (no scanner clicks, no internal emails), where an event touch and a click belong
// (the journey and step of the invitation or email they answer), the breakdowns, the lookback, and
// totals equal to `harpoon report`'s pipeline and won revenue for the same scope and period.
import { beforeAll, expect, it } from 'vitest';
import { attributionQuerySchema, type AttributionQuery } from '../../domain/measurement/attribution-query';
import { computeAttribution } from '../../metrics/attribution';
import { computeReport } from '../../metrics/report';
import { useFreshDb } from '../support/fresh-db';
import { november, seedAttributionFixture } from './attribution-fixture';

const t = useFreshDb();
beforeAll(async () => {
  await seedAttributionFixture(t.db);
});
const attribution = (query: Record<string, string>) => computeAttribution(t.db, attributionQuerySchema.parse({ ...november, ...query }));
const byKey = (rows: { key: string | null; pipeline: number }[]) => Object.fromEntries(rows.map((r) => [r.key ?? '-', r.pipeline]));

// alpha's touches up to its opportunity (Nov 10), in order: T1 intro email (Oct 20), T2 click on it
// (Oct 21), T3 invitation email (Oct 25), T4 summit registration (Oct 28), T5 visit (Nov 1),
// T6 summit attended (Nov 5). W-shaped: first T1 (30), lead creation T5, the last touch at or before
// the handoff on Nov 3 (30), opportunity creation T6, the last at or before Nov 10 (30); T2, T3 and
// T4 share the remaining 10: 3.33 each. Of 9,000: 2,700 / 300 / 300 / 300 / 2,700 / 2,700.
// The deal won on Nov 20 has the same touches and the same parts (its opportunity touch is T6).

it('credits the opportunity and the won deal by channel; the unattributed and the total match the report', async () => {
  const r = await attribution({ model: 'w-shaped', by: 'channel' });
  // email T1 + T3 = 3,000, click T2 = 300, event T4 + T6 = 3,000, web T5 = 2,700. Of one
  // opportunity: 0.3 + 0.0333 = 0.3333 (email), 0.0334 (the click: the odd ten-thousandth goes to
  // the earliest of the three equal remainders), 0.0333 + 0.3 = 0.3333 (event), 0.3 (web).
  expect(r.rows).toEqual([
    { key: 'email', opportunities: 0.3333, pipeline: 3000, won: 0.3333, wonRevenue: 3000 },
    { key: 'event', opportunities: 0.3333, pipeline: 3000, won: 0.3333, wonRevenue: 3000 },
    { key: 'web', opportunities: 0.3, pipeline: 2700, won: 0.3, wonRevenue: 2700 },
    { key: 'email_engagement', opportunities: 0.0334, pipeline: 300, won: 0.0334, wonRevenue: 300 },
  ]);
  // beta (2,500, no touch at all) and gamma (1,000, its inquiry 137 days before) are unattributed.
  expect(r.attributed).toEqual({ opportunities: 1, pipeline: 9000, won: 1, wonRevenue: 9000 });
  expect(r.unattributed).toEqual({ opportunities: 2, pipeline: 3500, won: 0, wonRevenue: 0 });
  expect(r.total).toEqual({ opportunities: 3, pipeline: 12_500, won: 1, wonRevenue: 9000 });
  expect(r.currency).toBe('EUR');

  const report = await computeReport(t.db, november);
  expect(r.total).toEqual({ opportunities: report.midTerm.opportunities, pipeline: report.midTerm.pipeline, won: report.longTerm.won, wonRevenue: report.longTerm.wonRevenue });
});

it('breaks the credit down by journey, step and event', async () => {
  // The click is on the intro email, the registration and attendance answer the invitation of exec:
  // exec = T1..T4 + T6 = 6,300; the visit belongs to no journey: 2,700.
  expect(byKey((await attribution({ by: 'journey' })).rows)).toEqual({ exec: 6300, '-': 2700 });
  // intro T1 + T2 = 3,000; invite T3 + T4 + T6 = 3,300 (every visit of a step is the same step).
  expect(byKey((await attribution({ by: 'step' })).rows)).toEqual({ 'exec:engage/invite': 3300, 'exec:engage/intro': 3000, '-': 2700 });
  // summit T4 + T6 = 3,000; the rest is about no event.
  expect(byKey((await attribution({ by: 'event' })).rows)).toEqual({ '-': 6000, summit: 3000 });
});

it('reaches further back with a longer lookback, and narrows to a journey as the report does', async () => {
  // 180 days reach gamma's inquiry (137 days before its opportunity): all of its 1,000.
  const longer = await attribution({ model: 'last', lookback: '180d' });
  expect(byKey(longer.rows)).toEqual({ event: 9000, inquiry: 1000 });
  expect(longer.unattributed.pipeline).toBe(2500);

  // Journey exec: only alpha ran it. First touch: everything to the intro email.
  const exec: AttributionQuery = attributionQuerySchema.parse({ ...november, journey: 'exec', model: 'first' });
  const r = await computeAttribution(t.db, exec);
  expect(r.rows).toEqual([{ key: 'email', opportunities: 1, pipeline: 9000, won: 1, wonRevenue: 9000 }]);
  const report = await computeReport(t.db, { ...november, journey: 'exec' });
  expect([r.total.pipeline, r.total.wonRevenue]).toEqual([report.midTerm.pipeline, report.longTerm.wonRevenue]);

  // Before alpha's deal the period holds no conversion: nothing to credit.
  expect((await attribution({ from: '2026-10-01', to: '2026-10-31' })).total).toEqual({ opportunities: 0, pipeline: 0, won: 0, wonRevenue: 0 });
});

it('refuses a bad model, breakdown or duration with the field and what it expects', () => {
  const problems = attributionQuerySchema.safeParse({ model: 'z-shaped', by: 'colour', lookback: '3 months', halfLife: '0d' }).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  expect(problems).toEqual([
    'model: expected one of first, last, linear, u-shaped, w-shaped, time-decay',
    'by: expected one of channel, journey, step, event',
    'lookback: expected a duration of at most a year, such as 90d (d days, w weeks, h hours)',
    'halfLife: expected a duration of at most a year, such as 7d (d days, w weeks, h hours)',
  ]);
});
