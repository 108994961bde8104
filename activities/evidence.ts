// The evidence an account carries to a person who must judge it (a sales task, a tier-1 review):
// its buying group, their engagement (machine-made hits left out), the recent timeline and the
// score, put together by the pure domain/sales/evidence.ts. Engagement is what the metrics and the
// score count as such, event registrations and attendance included (domain/metrics/touch-kinds.ts).
import type { Db } from '../db/client';
import { engagementTouchTypes, eventKeyOf, eventTouchTypes } from '../domain/metrics/touch-kinds';
import { buildEvidence, type EvidenceInput, type HandoffEvidence } from '../domain/sales/evidence';
import { describeEntry } from '../timeline/account-timeline';
import { peopleOf, personLabel } from '../timeline/people';

export async function loadEvidence(db: Db, req: { accountId: string; why: string; score: number; byRole: Record<string, number> }): Promise<HandoffEvidence> {
  const [contacts, events, touches, people] = await Promise.all([
    db.contact.findMany({ where: { accountId: req.accountId }, select: { id: true, firstName: true, lastName: true, email: true, role: true, seniority: true } }),
    db.touch.findMany({
      where: { accountId: req.accountId, type: { in: [...engagementTouchTypes] } },
      orderBy: { at: 'desc' },
      take: 200,
    }),
    db.touch.findMany({ where: { accountId: req.accountId }, orderBy: { at: 'desc' }, take: 10 }),
    peopleOf(db, req.accountId),
  ]);
  return buildEvidence({
    why: req.why,
    score: req.score,
    byRole: req.byRole,
    contacts: contacts.map((c) => ({ id: c.id, name: personLabel(c), role: c.role, seniority: c.seniority })),
    events: events
      .filter((t) => !(t.detail as { machine?: boolean } | null)?.machine)
      .map((t) => ({ contactId: t.contactId, ...whatTheyDid(t.type, t.detail), at: t.at })),
    timeline: touches.map((t) => ({ at: t.at, what: describeEntry(t, people) })),
  });
}

/**
 * A touch as the evidence lists it ("clicked (pricing)"): an event's registration and attendance in
 * words, with the event, as the timeline says them ("registered for exec-roundtable-2027").
 */
function whatTheyDid(type: string, detail: unknown): Pick<EvidenceInput['events'][number], 'type' | 'tag'> {
  const event = eventKeyOf(detail) ?? 'an event';
  if (type === eventTouchTypes.registered) return { type: `registered for ${event}` };
  if (type === eventTouchTypes.attended) return { type: `attended ${event}` };
  return { type, tag: (detail as { tag?: string } | null)?.tag };
}
