// Multi-touch attribution: which touches earned the opportunities and the won revenue. Pure: the
// reader (metrics/attribution.ts) hands over each conversion with its account's touches, and this
// module windows them, weighs them by the chosen model and shares each conversion out.
//
// Shares are apportioned in whole units, cents of money and ten-thousandths of a conversion, by the
// largest remainder (ties: the earlier touch), so the credits of one conversion add up exactly to its
// amount and to one conversion, and every breakdown adds up exactly to the total.
import type { z } from 'zod';
import type { attributionSchema, creditedFiguresSchema } from './attribution-report';
import type { Channel } from './channels';

export const attributionModels = ['first', 'last', 'linear', 'u-shaped', 'w-shaped', 'time-decay'] as const;
export type AttributionModel = (typeof attributionModels)[number];

export const attributionBreakdowns = ['channel', 'journey', 'step', 'event'] as const;
export type AttributionBreakdown = (typeof attributionBreakdowns)[number];

/** One touch as attribution sees it; null: the touch has no journey, step or event. */
export type AttributedTouch = { atMs: number; channel: Channel; journey: string | null; step: string | null; event: string | null };

export type Conversion = {
  /** An opportunity opened (at opportunityAt) or a deal won (at closedAt). */
  kind: 'opportunity' | 'won';
  atMs: number;
  /** null: no amount recorded; it still counts as a conversion and adds no money. */
  amount: number | null;
  /** When the account was handed to sales (the MQA): the W-shaped model's lead creation. */
  handoffAtMs: number;
  opportunityAtMs: number | null;
  /** The account's touches in time order, at any time: the window is applied here. */
  touches: readonly AttributedTouch[];
};

export type AttributionOptions = { model: AttributionModel; lookbackMs: number; halfLifeMs: number };

/** Credited conversions (fractions, to 4 places) and money (to the cent). */
export type CreditedFigures = z.infer<typeof creditedFiguresSchema>;
export type Attribution = z.infer<typeof attributionSchema>;

const countUnits = 10_000;
const centsOf = (amount: number | null) => Math.round((amount ?? 0) * 100);

/** The touches that can earn credit for a conversion: at most `lookbackMs` before it, and not after. */
export const touchesInWindow = (c: Pick<Conversion, 'atMs' | 'touches'>, lookbackMs: number) =>
  c.touches.filter((t) => t.atMs <= c.atMs && t.atMs >= c.atMs - lookbackMs);

/** The index of the last touch at or before `ms`, or -1 for none. */
function lastAtOrBefore(touches: readonly AttributedTouch[], ms: number): number {
  for (let i = touches.length - 1; i >= 0; i--) if (touches[i]!.atMs <= ms) return i;
  return -1;
}

/**
 * Each touch's weight under the model (any scale: shares are the weights over their sum). A touch
 * that plays several parts (first and last, first and lead creation) gets the weight of each part;
 * a part no touch plays (no touch before the handoff in the window) leaves its weight out, so the
 * others share it in proportion.
 */
export function touchWeights(model: AttributionModel, touches: readonly AttributedTouch[], c: Pick<Conversion, 'atMs' | 'handoffAtMs' | 'opportunityAtMs'>, halfLifeMs: number): number[] {
  const last = touches.length - 1;
  switch (model) {
    case 'first':
      return touches.map((_, i) => (i === 0 ? 1 : 0));
    case 'last':
      return touches.map((_, i) => (i === last ? 1 : 0));
    case 'linear':
      return touches.map(() => 1);
    case 'u-shaped':
      // 40 % first, 40 % last, 20 % over the touches between.
      return touches.map((_, i) => (i === 0 ? 40 : 0) + (i === last ? 40 : 0) + (i !== 0 && i !== last ? 20 / (touches.length - 2) : 0));
    case 'w-shaped': {
      // 30 % each to the first touch, the lead-creation touch and the opportunity-creation touch;
      // 10 % over the touches that play none of these parts.
      const parts = [0, lastAtOrBefore(touches, c.handoffAtMs), c.opportunityAtMs === null ? -1 : lastAtOrBefore(touches, c.opportunityAtMs)];
      const others = touches.filter((_, i) => !parts.includes(i)).length;
      return touches.map((_, i) => {
        const played = parts.filter((p) => p === i).length;
        return played > 0 ? 30 * played : 10 / others;
      });
    }
    case 'time-decay':
      // Halves every half-life before the conversion.
      return touches.map((t) => 2 ** (-(c.atMs - t.atMs) / halfLifeMs));
  }
}

/** `total` whole units shared in proportion to `weights`, by the largest remainder (ties: the earlier). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((n, w) => n + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  const leftover = total - shares.reduce((n, s) => n + s, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < leftover; k++) shares[byRemainder[k]!.i]! += 1;
  return shares;
}

const stepKey = (t: AttributedTouch) => (t.journey !== null && t.step !== null ? `${t.journey}:${t.step}` : null);
const keyOf: Record<AttributionBreakdown, (t: AttributedTouch) => string | null> = {
  channel: (t) => t.channel,
  journey: (t) => t.journey,
  step: stepKey,
  event: (t) => t.event,
};

type Units = { opportunities: number; pipeline: number; won: number; wonRevenue: number };
const noUnits = (): Units => ({ opportunities: 0, pipeline: 0, won: 0, wonRevenue: 0 });
const figuresOf = (u: Units): CreditedFigures => ({ opportunities: u.opportunities / countUnits, pipeline: u.pipeline / 100, won: u.won / countUnits, wonRevenue: u.wonRevenue / 100 });

/** Adds `count` units of a conversion and `cents` of its money to the figures of its kind. */
function credit(u: Units, kind: Conversion['kind'], count: number, cents: number): void {
  if (kind === 'opportunity') {
    u.opportunities += count;
    u.pipeline += cents;
  } else {
    u.won += count;
    u.wonRevenue += cents;
  }
}

export function attribute(conversions: readonly Conversion[], options: AttributionOptions, by: AttributionBreakdown): Attribution {
  const attributed = noUnits();
  const unattributed = noUnits();
  const rows = new Map<string | null, Units>();
  for (const c of conversions) {
    const touches = touchesInWindow(c, options.lookbackMs);
    const cents = centsOf(c.amount);
    if (touches.length === 0) {
      credit(unattributed, c.kind, countUnits, cents);
      continue;
    }
    credit(attributed, c.kind, countUnits, cents);
    const weights = touchWeights(options.model, touches, c, options.halfLifeMs);
    const counts = apportion(countUnits, weights);
    const money = apportion(cents, weights);
    touches.forEach((t, i) => {
      const key = keyOf[by](t);
      const row = rows.get(key) ?? noUnits();
      credit(row, c.kind, counts[i]!, money[i]!);
      rows.set(key, row);
    });
  }
  const total = noUnits();
  for (const u of [attributed, unattributed]) for (const k of Object.keys(total) as (keyof Units)[]) total[k] += u[k];
  return {
    total: figuresOf(total),
    attributed: figuresOf(attributed),
    unattributed: figuresOf(unattributed),
    rows: [...rows]
      .filter(([, u]) => u.opportunities + u.won > 0)
      .sort(([ka, a], [kb, b]) => b.pipeline - a.pipeline || b.wonRevenue - a.wonRevenue || (ka ?? '~').localeCompare(kb ?? '~'))
      .map(([key, u]) => ({ key, ...figuresOf(u) })),
  };
}
