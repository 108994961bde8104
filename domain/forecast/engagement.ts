// Seeded engagement for forecasts: what a buying group might do over the coming months, made up
// deterministically from a seed, so a forecast can be repeated and a test can play the very same
// events to a real journey. Each subscribed contact engages as a Poisson process at a fixed rate,
// independent of the emails the journey sends (the forecast cannot know how people will react).
import type { EngagementEvent } from '../engagement/score';
import type { EventType, Role } from '../journey/vocabulary';

/** `none`: nobody engages. `seeded`: the generator below with a seed and a rate. */
export type EngagementSetting = { kind: 'none' } | { kind: 'seeded'; seed: string; eventsPerContactPerWeek: number };

/**
 * "typical": one event every two weeks per subscribed contact, mostly opens, sometimes a click
 * (a third of them on a pricing link), a site visit, a reply; one event in fifty is an inquiry.
 */
export const typicalEventsPerContactPerWeek = 0.5;
export const typicalMix: readonly (readonly [EventType, number])[] = [
  ['opened', 0.55],
  ['clicked', 0.25],
  ['visited', 0.12],
  ['replied', 0.06],
  ['inquiry', 0.02],
];
const pricingShareOfClicks = 1 / 3;

/** `none`, `typical` (any case), or any other word as the seed of typical-rate engagement. */
export function parseEngagementSetting(text: string): EngagementSetting {
  // The named levels in any case (NONE, Typical), so a capital never turns one into a seed.
  const typed = text.trim();
  const value = ['none', 'typical'].includes(typed.toLowerCase()) ? typed.toLowerCase() : typed;
  if (value === 'none') return { kind: 'none' };
  if (value === '') throw new Error('--engagement: expected none, typical or a seed (any word, e.g. 42)');
  return { kind: 'seeded', seed: value, eventsPerContactPerWeek: typicalEventsPerContactPerWeek };
}

/** A fixed pseudo-random sequence in [0, 1) (mulberry32): the same seed, the same numbers. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit hash of a text (FNV-1a), so a seed word and a contact id give one stream of numbers. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export type EngagingContact = { id: string; role: string; consent: string };

const weekMs = 7 * 86_400_000;

/**
 * Each subscribed contact's events from `fromMs` for `days` days, oldest first. A contact's events
 * depend only on the seed and its id, so adding a contact changes nobody else's.
 */
export function seededEngagement(setting: EngagementSetting, contacts: readonly EngagingContact[], fromMs: number, days: number): EngagementEvent[] {
  if (setting.kind === 'none') return [];
  const untilMs = fromMs + days * 86_400_000;
  const meanGapMs = weekMs / setting.eventsPerContactPerWeek;
  const events: EngagementEvent[] = [];
  for (const contact of contacts) {
    if (contact.consent !== 'subscribed') continue;
    const next = seededRandom(hash(`${setting.seed}|${contact.id}`));
    let atMs = fromMs;
    for (let n = 1; ; n++) {
      atMs += Math.round(-Math.log(1 - next()) * meanGapMs);
      if (atMs > untilMs) break;
      let r = next();
      const type = typicalMix.find(([, share]) => (r -= share) < 0)?.[0] ?? 'opened';
      const pricing = type === 'clicked' && next() < pricingShareOfClicks;
      events.push({
        eventId: `forecast|${setting.seed}|${contact.id}|${n}`,
        type,
        contactId: contact.id,
        role: contact.role as Role,
        ...(pricing ? { tag: 'pricing' } : {}),
        atMs,
      });
    }
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}
