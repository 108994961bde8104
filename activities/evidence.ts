// The evidence an account carries to a person who must judge it (a sales task, a tier-1 review):
// its buying group, their engagement (machine-made hits left out), the recent timeline and the
// score, put together by the pure domain/sales/evidence.ts.
import type { Db } from '../db/client';
import { buildEvidence, type HandoffEvidence } from '../domain/sales/evidence';
import { describeEntry } from '../timeline/account-timeline';
import { peopleOf, personLabel } from '../timeline/people';

export async function loadEvidence(db: Db, req: { accountId: string; why: string; score: number; byRole: Record<string, number> }): Promise<HandoffEvidence> {
  const [contacts, events, touches, people] = await Promise.all([
    db.contact.findMany({ where: { accountId: req.accountId }, select: { id: true, firstName: true, lastName: true, email: true, role: true, seniority: true } }),
    db.touch.findMany({
      where: { accountId: req.accountId, type: { in: ['opened', 'clicked', 'replied', 'visited', 'inquiry'] } },
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
      .map((t) => ({ contactId: t.contactId, type: t.type, tag: (t.detail as { tag?: string } | null)?.tag, at: t.at })),
    timeline: touches.map((t) => ({ at: t.at, what: describeEntry(t, people) })),
  });
}
