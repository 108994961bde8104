// The forecast of an A/B-tested email step: each recipient's variant from the seeded split the send
// activity makes (the same pure function), and the split counted in the summary.
import { expect, it } from 'vitest';
import { defaultSalesConfig } from '../../config/sales';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { assignVariant } from '../../domain/measurement/variant-assignment';
import { defaultContactPolicy } from '../../domain/policy/contact-policy';
import { forecastSummary } from '../../forecast/report';
import { forecastAccount } from '../../forecast/simulate';

const monday10 = Date.UTC(2026, 10, 23, 10);
const variants = [{ key: 'a', subject: 'Short' }, { key: 'b', template: 'case-study' }];
const journey = (split: 'contact' | 'account') =>
  journeyDefinitionSchema.parse({
    key: 'ab-forecast',
    name: 'A/B forecast',
    stages: [{ key: 'engage', steps: [{ id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] }, variants, split, winner: { metric: 'replies' } }] }],
  });
const accounts = Array.from({ length: 4 }, (_, a) => ({
  id: `acc-${a}`,
  domain: `f${a}.example`,
  tier: 3,
  timezone: 'UTC',
  contacts: Array.from({ length: 3 }, (_, c) => ({ id: `c-${a}-${c}`, email: `c${c}@f${a}.example`, role: 'champion', seniority: 'manager', consent: 'subscribed', timezone: null })),
  history: [],
  recentSends: [],
}));
const options = { startMs: monday10, days: 7, policy: defaultContactPolicy, defaultMqa: defaultSalesConfig.mqa, events: [] };
const seed = 'ab-forecast/intro';

it('gives each contact the variant of the seeded split, with its template, and counts the split', async () => {
  const forecasts = await Promise.all(accounts.map((a) => forecastAccount(journey('contact'), a, options)));
  const sent = forecasts.flatMap((f) => f.entries.filter((e) => e.kind === 'sent'));
  expect(sent).toHaveLength(12);
  for (const e of sent) {
    const key = assignVariant({ seed, variants }, e.contactId!).key;
    expect([e.variant, e.template]).toEqual([key, key === 'a' ? 'intro' : 'case-study']);
  }
  const bs = sent.filter((e) => e.variant === 'b').length;
  const summary = forecastSummary({ journey: { key: 'ab-forecast', version: null, source: 'file' }, startMs: monday10, days: 7, engagement: { kind: 'none' }, accounts: forecasts, notEligible: [], contacts: new Map() });
  const line = summary.find((l) => l.startsWith('A/B split: '))!;
  expect(line.slice('A/B split: '.length).split(', ').sort()).toEqual([`engage/intro a ${12 - bs}`, `engage/intro b ${bs}`]);
});

it('with split: account, gives everyone in an account the same variant', async () => {
  for (const a of accounts) {
    const f = await forecastAccount(journey('account'), a, options);
    expect(new Set(f.entries.filter((e) => e.kind === 'sent').map((e) => e.variant))).toEqual(new Set([assignVariant({ seed, variants }, a.id).key]));
  }
});
