// A fixed programme in a real database, October 2026, whose every metric is worked out by hand in
// report.test.ts: three target accounts in two journeys, a candidate that must not count, engagement
// (one machine click that must not count), an event, emails, two handoffs, costs and CRM opportunities.
import type { Db } from '../../db/client';

export const october = { from: '2026-10-01', to: '2026-10-31' } as const;
export const at = (day: number, hour = 10, month = 10) => new Date(Date.UTC(2026, month - 1, day, hour));

export type Fixture = { ids: Record<'alpha' | 'beta' | 'gamma' | 'delta', string>; contacts: Record<string, string> };

export async function seedMetricsFixture(db: Db): Promise<Fixture> {
  const anna = await db.salesRep.create({ data: { email: 'anna@keelson.example', name: 'Anna Keller' } });
  const ben = await db.salesRep.create({ data: { email: 'ben@keelson.example', name: 'Ben Brandt' } });
  for (const key of ['exec', 'nurture']) {
    await db.journeyVersion.create({ data: { key, version: 1, name: key, definition: {}, checksum: key } });
  }
  const account = (domain: string, tier: number, ownerId: string, poolStatus = 'target') =>
    db.account.create({ data: { domain, name: domain.split('.')[0]!, tier, ownerId, poolStatus, createdAt: at(1, 0, 9) } });
  const alpha = await account('alpha.example', 1, anna.id);
  const beta = await account('beta.example', 2, ben.id);
  const gamma = await account('gamma.example', 3, anna.id);
  const delta = await account('delta.example', 3, ben.id, 'candidate');

  const contacts: Record<string, string> = {};
  const contact = async (name: string, accountId: string, role: string) => {
    contacts[name] = (await db.contact.create({ data: { email: `${name}@x.example`, accountId, role } })).id;
  };
  await contact('alice', alpha.id, 'champion');
  await contact('arno', alpha.id, 'budget_holder');
  await contact('ada', alpha.id, 'user');
  await contact('bert', beta.id, 'problem_owner');
  await contact('bea', beta.id, 'decision_maker');
  await contact('gus', gamma.id, 'champion');
  await contact('dora', delta.id, 'champion');

  for (const [accountId, key, started] of [[alpha.id, 'exec', at(1)], [beta.id, 'nurture', at(1)], [gamma.id, 'nurture', at(2)]] as const) {
    await db.journeyRun.create({ data: { workflowId: `journey/${key}/${accountId}`, journeyKey: key, journeyVersion: 1, accountId, status: 'running', startedAt: started } });
  }

  let n = 0;
  const touch = (accountId: string, contact: string | null, type: string, when: Date, detail: Record<string, string | boolean> = {}) =>
    db.touch.create({ data: { accountId, contactId: contact ? contacts[contact]! : null, type, at: when, detail, idempotencyKey: `fixture|${++n}` } });
  await touch(alpha.id, 'ada', 'clicked', at(2), { machine: true, machineReason: 'scanner', counted: false }); // not a person: counts for nothing
  await touch(alpha.id, 'alice', 'clicked', at(3), { tag: 'pricing' });
  await touch(alpha.id, 'arno', 'opened', at(4));
  // The summit's invitations came from the journeys the accounts run: its cost is theirs in a report by journey.
  for (const [accountId, name, key] of [[alpha.id, 'alice', 'exec'], [beta.id, 'bert', 'nurture']] as const) {
    await db.touch.create({ data: { accountId, contactId: contacts[name]!, journeyKey: key, type: 'event_invited', at: at(4), detail: { eventKey: 'summit' }, idempotencyKey: `fixture|${++n}` } });
  }
  await touch(alpha.id, 'alice', 'event_registered', at(5), { eventKey: 'summit' });
  await touch(alpha.id, 'alice', 'event_attended', at(20), { eventKey: 'summit' });
  await touch(beta.id, 'bert', 'opened', at(20, 10, 9)); // September: before the period, but beta's first engagement
  await touch(beta.id, 'bert', 'event_registered', at(6), { eventKey: 'summit' });
  await touch(beta.id, 'bert', 'event_no_show', at(20), { eventKey: 'summit' });
  await touch(beta.id, 'bea', 'replied', at(10));
  await touch(beta.id, null, 'stage_changed', at(10), { from: 'engage', to: 'convert' }); // not engagement
  await touch(delta.id, 'dora', 'clicked', at(3)); // a candidate, outside the pool

  const send = (accountId: string, contact: string, key: string, when: Date, status = 'sent') =>
    db.emailSend.create({
      data: {
        idempotencyKey: `journey/${key}/${accountId}|s${++n}|${contacts[contact]}`,
        accountId,
        contactId: contacts[contact]!,
        workflowId: `journey/${key}/${accountId}`,
        stepPath: `s${n}`,
        templateKey: 't',
        messageId: `m${n}@fixture`,
        status,
        sentAt: status === 'sent' ? when : null,
      },
    });
  await send(alpha.id, 'alice', 'exec', at(2));
  await send(alpha.id, 'arno', 'exec', at(2));
  await send(alpha.id, 'ada', 'exec', at(2), 'skipped'); // never sent: reaches nobody
  await send(beta.id, 'bert', 'nurture', at(3));
  await send(beta.id, 'bea', 'nurture', at(3));
  await send(gamma.id, 'gus', 'nurture', at(3));
  await send(gamma.id, 'gus', 'nurture', at(9));
  await send(gamma.id, 'gus', 'nurture', at(25, 10, 9)); // September

  const task = (accountId: string, seq: number, key: string, data: Record<string, unknown>) =>
    db.salesTask.create({
      data: { id: `handoff/${accountId}/${seq}`, accountId, seq, journeyWorkflowId: `journey/${key}/${accountId}`, trigger: 'mqa', evidence: {}, slaDays: 1, status: 'created', ...data },
    });
  // alpha: handed off on the 8th, accepted 4 h later, an opportunity on the 15th, won on the 28th.
  await task(alpha.id, 1, 'exec', {
    ownerId: anna.id,
    createdAt: at(8),
    acceptedAt: at(8, 14),
    opportunityAt: at(15),
    status: 'won',
    closedAt: at(28),
    amount: 60_000,
    opportunityAmount: 60_000,
    currency: 'EUR',
  });
  // beta: handed off on the 12th, released by pacing on the 13th, rejected on the 14th.
  await task(beta.id, 1, 'nurture', { ownerId: ben.id, createdAt: at(12), releasedAt: at(13), status: 'rejected', reason: 'bad_timing', closedAt: at(14) });

  await db.cost.createMany({
    data: [
      { amount: 2000, currency: 'EUR', journeyKey: 'exec', period: '2026-10' },
      { amount: 1000, currency: 'EUR', journeyKey: 'nurture' },
      { amount: 600, currency: 'EUR', eventKey: 'summit' },
      { amount: 100, currency: 'EUR', emails: 1000, period: '2026-10' },
      { amount: 250, currency: 'EUR', eventKey: 'webinar-dec' }, // nobody registered yet
      { amount: 5000, currency: 'EUR', journeyKey: 'exec', period: '2026-09' }, // another month
    ],
  });
  await db.crmOpportunity.createMany({
    data: [
      { id: 'crm-1', accountDomain: 'outside.example', openedAt: at(7), status: 'open' },
      { id: 'crm-2', accountDomain: 'outside.example', openedAt: at(7, 10, 9), status: 'open' }, // September
      { id: 'crm-3', accountDomain: 'alpha.example', openedAt: at(15), status: 'won' }, // alpha's is its task
    ],
  });
  return { ids: { alpha: alpha.id, beta: beta.id, gamma: gamma.id, delta: delta.id }, contacts };
}
