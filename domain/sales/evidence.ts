// What a sales task carries so the owner can judge it in one read: who engaged and how, the recent
// timeline, the score, which key roles are still missing, and what to do next. Pure: the activity
// hands in what it loaded.
import { keyBuyingGroupRoles } from '../accounts/vocabulary';

export type HandoffEvidence = {
  why: string;
  score: number;
  scoreBreakdown: Record<string, number>;
  engagedContacts: { contactId: string; name: string; role: string; did: string[] }[];
  recent: { at: string; what: string }[];
  gaps: string[];
  nextAction: string;
};

export type EvidenceInput = {
  why: string;
  score: number;
  byRole: Record<string, number>;
  contacts: { id: string; name: string; role: string; seniority: string | null }[];
  /** Engagement touches, newest first. */
  events: { contactId: string | null; type: string; tag?: string; at: Date }[];
  /** Any touches, newest first, each already in words with who it was about (timeline/account-timeline.ts). */
  timeline: { at: Date; what: string }[];
};

export function buildEvidence(input: EvidenceInput): HandoffEvidence {
  const did = new Map<string, string[]>();
  for (const e of input.events) {
    if (!e.contactId) continue;
    const list = did.get(e.contactId) ?? [];
    const what = e.tag ? `${e.type} (${e.tag})` : e.type;
    if (!list.includes(what)) list.push(what);
    did.set(e.contactId, list);
  }
  const engagedContacts = input.contacts
    .filter((c) => did.has(c.id))
    .map((c) => ({ contactId: c.id, name: c.name, role: c.role, did: did.get(c.id)! }));
  const engagedRoles = new Set(engagedContacts.map((c) => c.role));
  const present = new Set(input.contacts.map((c) => c.role));
  const gaps = keyBuyingGroupRoles.filter((r) => !engagedRoles.has(r)).map((r) => (present.has(r) ? `${r} not engaged` : `no ${r} known`));
  return {
    why: input.why,
    score: input.score,
    scoreBreakdown: input.byRole,
    engagedContacts,
    recent: input.timeline.slice(0, 10).map((t) => ({ at: t.at.toISOString(), what: t.what })),
    gaps,
    nextAction: suggestNextAction(engagedContacts, gaps, input.events),
  };
}

export function suggestNextAction(engaged: HandoffEvidence['engagedContacts'], gaps: string[], events: EvidenceInput['events']): string {
  const inquiry = events.find((e) => e.type === 'inquiry' && e.contactId);
  const person = (id: string | null | undefined) => engaged.find((c) => c.contactId === id);
  if (inquiry && person(inquiry.contactId)) return `answer the inquiry of ${person(inquiry.contactId)!.name} within a day`;
  const leader = engaged.find((c) => c.role === 'decision_maker' || c.role === 'budget_holder');
  if (leader) return `call ${leader.name} (${leader.role}) about the pricing they looked at`;
  const first = engaged[0];
  if (first) return `reach out to ${first.name} (${first.role}) and ask who else decides${gaps.length ? `; missing: ${gaps[0]}` : ''}`;
  return 'review the account and its buying group before reaching out';
}
