// An account's engagement score: the events of its buying group, weighted by kind and decayed
// exponentially with age, so a click last week counts more than one last quarter. Pure, so the
// journey workflow can recompute it on every event and branches see the same number queries show.
import { normaliseTag, type EventType } from '../journey/terms';
import type { Role } from '../journey/vocabulary';

export const defaultWeights: Record<EventType, number> = {
  opened: 1,
  clicked: 3,
  visited: 2,
  replied: 8,
  inquiry: 15,
  unsubscribed: 0,
  bounced: 0,
  complained: 0,
  // Saying yes to an event, and above all turning up, is strong interest; a no is none.
  event_registered: 8,
  event_waitlisted: 8,
  event_declined: 0,
  event_attended: 15,
  event_no_show: 0,
};

export type EngagementConfig = {
  /** Points per event kind at the moment it happens. */
  weights: Record<EventType, number>;
  /** Extra points for an event carrying the (normalised) tag: a click on a pricing link. */
  tagBonus: Record<string, number>;
  /** After this many days an event counts half. */
  halfLifeDays: number;
  /** Decayed points from which a contact or role counts as engaged. */
  engagedAtLeast: number;
};

/** What `engagementConfigSchema.parse({})` gives (score-config.ts; a test keeps the two equal). */
export const defaultEngagementConfig: EngagementConfig = { weights: defaultWeights, tagBonus: { pricing: 5 }, halfLifeDays: 14, engagedAtLeast: 0.5 };


export type EngagementEvent = {
  /** Events arrive at least once; the id makes a redelivered event count once. */
  eventId: string;
  type: EventType;
  contactId?: string;
  role?: Role;
  tag?: string;
  atMs: number;
};

export type EngagementSummary = {
  /** 0..100: the decayed points of the whole account, rounded and capped at 100. */
  score: number;
  /** Decayed points per contact, for the breakdown shown in queries. */
  byContact: Record<string, number>;
  byRole: Partial<Record<Role, number>>;
  /** Buying-group roles engaged now ("unknown" is not a role, so never listed). */
  engagedRoles: Role[];
  engagedContacts: string[];
};

const dayMs = 86_400_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

export function summarizeEngagement(events: EngagementEvent[], nowMs: number, cfg: EngagementConfig = defaultEngagementConfig): EngagementSummary {
  const seen = new Set<string>();
  let total = 0;
  const byContact = new Map<string, number>();
  const byRole = new Map<Role, number>();
  for (const e of events) {
    if (seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    const base = cfg.weights[e.type] + (e.tag === undefined ? 0 : (cfg.tagBonus[normaliseTag(e.tag)] ?? 0));
    if (base === 0) continue;
    // An event stamped slightly in the future (clock skew between sources) counts as fresh.
    const ageDays = Math.max(0, nowMs - e.atMs) / dayMs;
    const value = base * 0.5 ** (ageDays / cfg.halfLifeDays);
    total += value;
    if (e.contactId !== undefined) byContact.set(e.contactId, (byContact.get(e.contactId) ?? 0) + value);
    if (e.role !== undefined) byRole.set(e.role, (byRole.get(e.role) ?? 0) + value);
  }
  const engaged = (value: number) => value > 0 && value >= cfg.engagedAtLeast;
  return {
    score: Math.min(100, Math.round(total)),
    byContact: Object.fromEntries([...byContact].map(([id, v]) => [id, round2(v)])),
    byRole: Object.fromEntries([...byRole].map(([r, v]) => [r, round2(v)])),
    engagedRoles: [...byRole].filter(([r, v]) => r !== 'unknown' && engaged(v)).map(([r]) => r),
    engagedContacts: [...byContact].filter(([, v]) => engaged(v)).map(([id]) => id),
  };
}

/** The summary of an account nobody has engaged with yet. */
export const noEngagement: EngagementSummary = { score: 0, byContact: {}, byRole: {}, engagedRoles: [], engagedContacts: [] };
