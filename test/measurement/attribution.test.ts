// Every attribution model on small conversions worked out by hand (the arithmetic is in the comments),
// the lookback window, conversions without a touch, rounding that adds up exactly, and each breakdown.
import { describe, expect, it } from 'vitest';
import { apportion, attribute, type AttributedTouch, type AttributionModel, type Conversion } from '../../domain/measurement/attribution';

const dayMs = 86_400_000;
const day = (d: number) => d * dayMs;
const options = (model: AttributionModel) => ({ model, lookbackMs: day(90), halfLifeMs: day(7) });

// The account's story: an email on day 2, a click on it on day 16, the summit (registered from an
// invitation of the same journey) on day 23; handed off on day 20; a 9,000 opportunity on day 30.
const email: AttributedTouch = { atMs: day(2), channel: 'email', journey: 'exec', step: 'engage/intro', event: null };
const click: AttributedTouch = { atMs: day(16), channel: 'email_engagement', journey: 'exec', step: 'engage/intro', event: null };
const summit: AttributedTouch = { atMs: day(23), channel: 'event', journey: 'exec', step: 'engage/invite', event: 'summit' };
const opportunity = (touches: AttributedTouch[], over: Partial<Conversion> = {}): Conversion => ({
  kind: 'opportunity',
  atMs: day(30),
  amount: 9000,
  handoffAtMs: day(20),
  opportunityAtMs: day(30),
  touches,
  ...over,
});

/** The pipeline each touch earns, by channel (the three touches have one channel each). */
const pipelineByChannel = (model: AttributionModel, c: Conversion) =>
  Object.fromEntries(attribute([c], options(model), 'channel').rows.map((r) => [r.key, r.pipeline]));
const countsByChannel = (model: AttributionModel, c: Conversion) =>
  Object.fromEntries(attribute([c], options(model), 'channel').rows.map((r) => [r.key, r.opportunities]));

describe('the models, 3 touches and a 9,000 opportunity', () => {
  const three = opportunity([email, click, summit]);

  it('first and last give it all to one touch', () => {
    expect(pipelineByChannel('first', three)).toEqual({ email: 9000 });
    expect(pipelineByChannel('last', three)).toEqual({ event: 9000 });
  });

  it('linear shares it equally; the odd ten-thousandth of the count goes to the earliest touch', () => {
    // 9,000 / 3 = 3,000 each. 1 / 3 = 0.33333: 3,333 ten-thousandths each and 1 left over, which
    // goes to the largest remainder (all equal: the earliest touch).
    expect(pipelineByChannel('linear', three)).toEqual({ email: 3000, email_engagement: 3000, event: 3000 });
    expect(countsByChannel('linear', three)).toEqual({ email: 0.3334, email_engagement: 0.3333, event: 0.3333 });
  });

  it('u-shaped gives 40 % to the first and the last, 20 % to the one between', () => {
    // 0.4 × 9,000 = 3,600; 0.2 × 9,000 = 1,800; 0.4 × 9,000 = 3,600.
    expect(pipelineByChannel('u-shaped', three)).toEqual({ email: 3600, email_engagement: 1800, event: 3600 });
    expect(countsByChannel('u-shaped', three)).toEqual({ email: 0.4, email_engagement: 0.2, event: 0.4 });
  });

  it('u-shaped with 2 touches is 50/50 and with 1 touch 100 %', () => {
    // 40 + 40 = 80: 40/80 = 50 % each. One touch is first and last: 80/80.
    expect(pipelineByChannel('u-shaped', opportunity([email, summit]))).toEqual({ email: 4500, event: 4500 });
    expect(pipelineByChannel('u-shaped', opportunity([click]))).toEqual({ email_engagement: 9000 });
  });

  it('time-decay halves a touch\'s weight every 7 days before the conversion', () => {
    // Ages 28, 14 and 7 days: weights 2^-4 = 0.0625, 2^-2 = 0.25, 2^-1 = 0.5; sum 0.8125.
    // In cents: 900,000 × 0.0625 / 0.8125 = 69,230.77; × 0.25 / 0.8125 = 276,923.08; × 0.5 / 0.8125 =
    // 553,846.15. Floors 69,230 + 276,923 + 553,846 = 899,999: the cent left goes to the largest
    // remainder (.77, the email): 692.31 + 2,769.23 + 5,538.46 = 9,000.00.
    expect(pipelineByChannel('time-decay', three)).toEqual({ email: 692.31, email_engagement: 2769.23, event: 5538.46 });
    // A 14-day half-life: ages 28, 14, 7 are 2, 1 and 0.5 half-lives: 0.25, 0.5, 2^-0.5 = 0.70711;
    // sum 1.45711. In cents: 154,415.59, 308,831.18, 436,753.24; floors add up to 899,999 and the
    // cent left goes to the largest remainder (.59, the email): 1,544.16, 3,088.31, 4,367.53.
    const slower = attribute([three], { ...options('time-decay'), halfLifeMs: day(14) }, 'channel').rows;
    expect(slower.map((r) => [r.key, r.pipeline])).toEqual([['event', 4367.53], ['email_engagement', 3088.31], ['email', 1544.16]]);
  });
});

describe('w-shaped', () => {
  const visit: AttributedTouch = { atMs: day(10), channel: 'web', journey: null, step: null, event: null };

  it('gives 30 % each to the first, lead-creation and opportunity-creation touches and 10 % to the rest', () => {
    // Email (day 2) first, visit (day 10) nothing, click (day 16) the last touch before the handoff
    // on day 20, summit (day 23) the last before the opportunity: 30/10/30/30 of 9,000.
    expect(pipelineByChannel('w-shaped', opportunity([email, visit, click, summit]))).toEqual({ email: 2700, web: 900, email_engagement: 2700, event: 2700 });
  });

  it('gives a touch that plays two parts both weights, and shares a part nobody plays in proportion', () => {
    // Handed off on day 5: the email is first and lead creation (30 + 30), the summit opportunity
    // creation (30), no other touch for the 10 %: 60/90 and 30/90 of 9,000 = 6,000 and 3,000; of one
    // opportunity 0.66667 and 0.33333, the odd ten-thousandth to the larger remainder (.67).
    const early = opportunity([email, summit], { handoffAtMs: day(5) });
    expect(pipelineByChannel('w-shaped', early)).toEqual({ email: 6000, event: 3000 });
    expect(countsByChannel('w-shaped', early)).toEqual({ email: 0.6667, event: 0.3333 });
    // Handed off on day 1, before any touch: no lead-creation touch. First (30) and opportunity
    // creation (30) share it: 50/50.
    expect(pipelineByChannel('w-shaped', opportunity([email, summit], { handoffAtMs: day(1) }))).toEqual({ email: 4500, event: 4500 });
    // One touch plays every part: 100 %.
    expect(pipelineByChannel('w-shaped', opportunity([summit]))).toEqual({ event: 9000 });
  });

  it('credits a won deal to the touch before its opportunity, not the last before the close', () => {
    // Won on day 40 with a visit on day 35: first the email (30), lead creation the click (30),
    // opportunity creation the summit (30, the last touch at or before day 30), the visit the rest (10).
    const won = opportunity([email, click, summit, { ...visit, atMs: day(35) }], { kind: 'won', atMs: day(40), amount: 10_000 });
    const rows = attribute([won], options('w-shaped'), 'channel').rows;
    expect(Object.fromEntries(rows.map((r) => [r.key, r.wonRevenue]))).toEqual({ email: 3000, email_engagement: 3000, event: 3000, web: 1000 });
    expect(rows.every((r) => r.pipeline === 0 && r.opportunities === 0)).toBe(true);
  });
});

describe('the window, the unattributed and the totals', () => {
  it('counts touches up to the lookback before the conversion, its edge included, and none after it', () => {
    // 90 days before day 30 is day -60: the touch on day -60 counts, the one on day -61 does not,
    // nor the visit on day 31 after the opportunity. Linear over the two: 4,500 each.
    const edge = { ...email, atMs: day(-60) };
    const before = { ...email, atMs: day(-61), channel: 'inquiry' as const };
    const after = { ...email, atMs: day(31), channel: 'web' as const };
    expect(pipelineByChannel('linear', opportunity([before, edge, summit, after]))).toEqual({ email: 4500, event: 4500 });
    // A 30-day lookback (day 0 onwards) keeps only the summit.
    const short = attribute([opportunity([before, edge, summit, after])], { ...options('linear'), lookbackMs: day(30) }, 'channel');
    expect(short.rows).toEqual([{ key: 'event', opportunities: 1, pipeline: 9000, won: 0, wonRevenue: 0 }]);
  });

  it('keeps conversions without a touch in their window apart, so attributed + unattributed = every conversion', () => {
    // Opportunities: 9,000 with touches, 2,500 without, one without an amount (counts, adds no money).
    // Won: 12,000 with touches. Total pipeline 11,500 of 3 opportunities; won 12,000 of 1.
    const result = attribute(
      [
        opportunity([email, click, summit]),
        opportunity([], { amount: 2500 }),
        opportunity([{ ...email, atMs: day(-100) }], { amount: null }),
        opportunity([email, summit], { kind: 'won', atMs: day(45), amount: 12_000 }),
      ],
      options('u-shaped'),
      'journey',
    );
    expect(result.total).toEqual({ opportunities: 3, pipeline: 11_500, won: 1, wonRevenue: 12_000 });
    expect(result.attributed).toEqual({ opportunities: 1, pipeline: 9000, won: 1, wonRevenue: 12_000 });
    expect(result.unattributed).toEqual({ opportunities: 2, pipeline: 2500, won: 0, wonRevenue: 0 });
    expect(result.rows).toEqual([{ key: 'exec', opportunities: 1, pipeline: 9000, won: 1, wonRevenue: 12_000 }]);
  });

  it('apportions whole units by the largest remainder, so shares add up exactly', () => {
    // 100 cents over three equal weights: 33.33 each, floors 99, the cent left to the earliest.
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // 1 cent over 1 : 2: 0.33 and 0.67, floors 0 and 0, the cent to the larger remainder.
    expect(apportion(1, [1, 2])).toEqual([0, 1]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
  });
});

describe('breakdowns', () => {
  // U-shaped on the three touches: the email 3,600, the click 1,800, the summit 3,600.
  const three = [opportunity([email, click, summit])];

  it('by journey, step and event', () => {
    expect(attribute(three, options('u-shaped'), 'journey').rows).toEqual([{ key: 'exec', opportunities: 1, pipeline: 9000, won: 0, wonRevenue: 0 }]);
    // The email and the click on it are the same step: 3,600 + 1,800 = 5,400.
    expect(attribute(three, options('u-shaped'), 'step').rows.map((r) => [r.key, r.pipeline, r.opportunities])).toEqual([
      ['exec:engage/intro', 5400, 0.6],
      ['exec:engage/invite', 3600, 0.4],
    ]);
    // Touches about no event are shown as one row with no key.
    expect(attribute(three, options('u-shaped'), 'event').rows.map((r) => [r.key, r.pipeline])).toEqual([
      [null, 5400],
      ['summit', 3600],
    ]);
  });
});
