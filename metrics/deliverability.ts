// The counts behind the report's deliverability figures, for the report's accounts and period: a few
// counting queries, whatever the number of accounts. Customer email only (a sales notice to a rep is
// no one's marketing); for one journey, its own emails, their bounces, and the complaints of people
// it had emailed before they complained (a complaint names no email, so that is what can be said).
import type { Db } from '../db/client';
import { deliverability, type Deliverability } from '../domain/metrics/deliverability';
import type { Period } from '../domain/metrics/filter';
import { journeyPrefix } from './account-facts';

export async function collectDeliverability(db: Db, accountIds: readonly string[], period: Period, journey?: string): Promise<Deliverability> {
  const inScope = { accountId: { in: [...accountIds] } };
  const at = { gte: new Date(period.fromMs ?? 0), lt: new Date(period.toMs) };
  const ofJourney = journey === undefined ? {} : { workflowId: { startsWith: journeyPrefix(journey) } };
  const customerEmail = { ...inScope, ...ofJourney, contactId: { not: null } };
  const [sent, refused, bounces, complaints] = await Promise.all([
    db.emailSend.count({ where: { ...customerEmail, status: 'sent', sentAt: at } }),
    // Refused at sending: the row says bounced from the moment it was made.
    db.emailSend.count({ where: { ...customerEmail, status: 'bounced', createdAt: at } }),
    // A touch per bounce, whether the relay refused the address at once or a report came later (which names no journey).
    db.touch.findMany({ where: { ...inScope, ...ofJourney, type: 'bounced', at }, select: { contactId: true } }),
    db.touch.findMany({ where: { ...inScope, type: 'complained', at }, select: { contactId: true, at: true }, orderBy: { at: 'asc' } }),
  ]);
  // A feedback loop or an ESP's webhook may report one person several times: each is one bounce, one complaint.
  const bounced = onePerPerson(bounces);
  const firstComplaints = onePerPerson(complaints);
  const complained = journey === undefined ? firstComplaints.length : (await afterJourneyEmail(db, ofJourney, firstComplaints)).length;
  return deliverability({ sent, attempted: sent + refused + (await reportedOfEarlierEmail(db, customerEmail, at, bounced)), bounced: bounced.length, complained });
}

/** The first of each person's rows (in the order given); rows without a person each count. */
function onePerPerson<T extends { contactId: string | null }>(rows: readonly T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => r.contactId === null || (!seen.has(r.contactId) && seen.add(r.contactId)));
}

/** People whose bounce the period reports about no email of theirs it sent or had refused: their email is from before it. */
async function reportedOfEarlierEmail(db: Db, customerEmail: object, at: object, bounced: readonly { contactId: string | null }[]): Promise<number> {
  const contactIds = bounced.flatMap((b) => (b.contactId ? [b.contactId] : []));
  if (contactIds.length === 0) return bounced.length;
  const mailed = await db.emailSend.findMany({
    where: { ...customerEmail, contactId: { in: contactIds }, OR: [{ status: 'sent', sentAt: at }, { status: 'bounced', createdAt: at }] },
    select: { contactId: true },
    distinct: ['contactId'],
  });
  return bounced.length - mailed.length;
}

/** The complaints of people the journey had emailed before they complained. */
async function afterJourneyEmail(db: Db, ofJourney: object, complaints: { contactId: string | null; at: Date }[]) {
  const contactIds = complaints.flatMap((c) => (c.contactId ? [c.contactId] : []));
  const firsts = await db.emailSend.groupBy({ by: ['contactId'], where: { ...ofJourney, contactId: { in: contactIds }, status: 'sent' }, _min: { sentAt: true } });
  const firstEmailed = new Map(firsts.map((g) => [g.contactId, g._min.sentAt]));
  return complaints.filter((c) => {
    const first = c.contactId ? firstEmailed.get(c.contactId) : null;
    return first !== undefined && first !== null && first <= c.at;
  });
}
