import { describe, expect, it } from 'vitest';
import { defaultEngagementConfig, summarizeEngagement, type EngagementEvent } from '../../domain/engagement/score';
import { engagementConfigSchema } from '../../domain/engagement/score-config';

const day = 86_400_000;
const now = Date.UTC(2026, 2, 1);
let n = 0;
const event = (e: Omit<EngagementEvent, 'eventId'>): EngagementEvent => ({ eventId: `e${++n}`, ...e });

describe('summarizeEngagement', () => {
  it('halves an event\'s weight with every half-life of age', () => {
    const at = (ageDays: number) =>
      summarizeEngagement([event({ type: 'inquiry', contactId: 'c1', atMs: now - ageDays * day })], now).byContact.c1;
    expect(at(0)).toBe(15);
    expect(at(14)).toBe(7.5);
    expect(at(28)).toBe(3.75);
  });

  it('scores the account as the rounded sum of decayed points, capped at 100', () => {
    expect(summarizeEngagement([event({ type: 'inquiry', atMs: now - 14 * day })], now).score).toBe(8);
    const flood = Array.from({ length: 10 }, () => event({ type: 'inquiry', atMs: now }));
    expect(summarizeEngagement(flood, now).score).toBe(100);
    expect(summarizeEngagement([], now)).toEqual({ score: 0, byContact: {}, byRole: {}, engagedRoles: [], engagedContacts: [] });
  });

  it('weighs event kinds differently and adds the bonus of a tag, whatever its case', () => {
    const score = (e: Omit<EngagementEvent, 'eventId'>) => summarizeEngagement([event(e)], now).score;
    expect(score({ type: 'opened', atMs: now })).toBe(1);
    expect(score({ type: 'clicked', atMs: now })).toBe(3);
    expect(score({ type: 'clicked', tag: 'Pricing', atMs: now })).toBe(8);
    expect(score({ type: 'visited', tag: 'pricing', atMs: now })).toBe(7);
    expect(score({ type: 'replied', atMs: now })).toBe(8);
  });

  it('counts a redelivered event once', () => {
    const click = event({ type: 'clicked', contactId: 'c1', atMs: now });
    expect(summarizeEngagement([click, click, { ...click }], now).byContact).toEqual({ c1: 3 });
  });

  it('keeps the breakdown by contact and role, and lists the roles engaged now', () => {
    const summary = summarizeEngagement(
      [
        event({ type: 'clicked', contactId: 'ana', role: 'champion', atMs: now }),
        event({ type: 'opened', contactId: 'ana', role: 'champion', atMs: now - 14 * day }),
        event({ type: 'replied', contactId: 'bo', role: 'decision_maker', atMs: now }),
        event({ type: 'opened', contactId: 'cy', role: 'budget_holder', atMs: now - 60 * day }),
        event({ type: 'clicked', contactId: 'dee', role: 'unknown', atMs: now }),
        event({ type: 'unsubscribed', contactId: 'eve', role: 'user', atMs: now }),
      ],
      now,
    );
    expect(summary.byContact).toEqual({ ana: 3.5, bo: 8, cy: 0.05, dee: 3 });
    expect(summary.byRole).toEqual({ champion: 3.5, decision_maker: 8, budget_holder: 0.05, unknown: 3 });
    // The budget holder's open is two months old, "unknown" is no role, an unsubscribe is no engagement.
    expect(summary.engagedRoles).toEqual(['champion', 'decision_maker']);
    expect(summary.engagedContacts).toEqual(['ana', 'bo', 'dee']);
  });

  it('counts an event stamped after now at its full weight', () => {
    expect(summarizeEngagement([event({ type: 'clicked', contactId: 'c1', atMs: now + day })], now).byContact.c1).toBe(3);
  });

  it('scores with the schema\'s defaults when no config is given', () => {
    expect(engagementConfigSchema.parse({})).toEqual(defaultEngagementConfig);
  });

  it('takes weights, tag bonuses and half-life from config, keeping defaults for the rest', () => {
    const cfg = engagementConfigSchema.parse({ weights: { opened: 2 }, tagBonus: { Webinar: 4 }, halfLifeDays: 7 });
    expect(cfg.weights.clicked).toBe(3);
    const summary = summarizeEngagement(
      [
        event({ type: 'opened', contactId: 'a', atMs: now }),
        event({ type: 'clicked', contactId: 'b', tag: 'webinar', atMs: now }),
        event({ type: 'clicked', contactId: 'c', tag: 'pricing', atMs: now }),
        event({ type: 'inquiry', contactId: 'd', atMs: now - 7 * day }),
      ],
      now,
      cfg,
    );
    expect(summary.byContact).toEqual({ a: 2, b: 7, c: 3, d: 7.5 });
  });
});
