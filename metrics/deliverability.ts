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
  const [sent, bounced, complaints] = await Promise.all([
    db.emailSend.count({ where: { ...inScope, ...ofJourney, contactId: { not: null }, status: 'sent', sentAt: at } }),
    // A touch per bounce, whether the relay refused the address at once or a report came later (which names no journey).
    db.touch.count({ where: { ...inScope, ...ofJourney, type: 'bounced', at } }),
    db.touch.findMany({ where: { ...inScope, type: 'complained', at }, select: { contactId: true, at: true } }),
  ]);
  const complained = journey === undefined ? complaints.length : (await afterJourneyEmail(db, ofJourney, complaints)).length;
  return deliverability({ sent, bounced, complained });
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
