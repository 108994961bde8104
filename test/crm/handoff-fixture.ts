// A handed-off account as the database holds it once a handoff workflow made its task: a rep, the
// account with two engaged contacts and one erased, and the task with its evidence; and the
// ReachEvents the reach feed would deliver for it; and the account changing hands.
import type { Db } from '../../db/client';
import { closedStatuses } from '../../domain/sales/vocabulary';
import type { ReachEvent, ReachEventType } from '../../reach/reach-event';

export async function handedOffAccount(db: Db, domain: string) {
  const rep = await db.salesRep.upsert({ where: { email: 'sam.owner@harpoon.test' }, create: { email: 'sam.owner@harpoon.test', name: 'Sam Owner' }, update: {} });
  const account = await db.account.create({
    data: {
      domain,
      name: `${domain.split('.')[0]!.replace(/^./, (c) => c.toUpperCase())} Ltd`,
      tier: 1,
      poolStatus: 'target',
      ownerId: rep.id,
      contacts: {
        create: [
          { email: `ann@${domain}`, firstName: 'Ann', lastName: 'Buyer', title: 'CFO', role: 'budget_holder' },
          { email: `bo@${domain}`, firstName: 'Bo', lastName: 'User', role: 'user' },
          { email: `gone@${domain}`, role: 'user', erasedAt: new Date() },
        ],
      },
    },
    include: { contacts: { orderBy: { email: 'asc' } } },
  });
  const [ann, bo, gone] = account.contacts as [(typeof account.contacts)[number], (typeof account.contacts)[number], (typeof account.contacts)[number]];
  const evidence = {
    why: 'Ann Buyer asked for pricing',
    score: 72,
    scoreBreakdown: { budget_holder: 50, user: 22 },
    engagedContacts: [
      { contactId: ann.id, name: 'Ann Buyer', role: 'budget_holder', did: ['inquiry', 'click (pricing)'] },
      { contactId: bo.id, name: 'Bo User', role: 'user', did: ['open'] },
      { contactId: gone.id, name: 'erased', role: 'user', did: ['open'] },
    ],
    recent: [{ at: '2026-12-04T09:00:00.000Z', what: 'Ann Buyer sent an inquiry' }],
    gaps: ['no decision_maker known'],
    nextAction: 'answer the inquiry of Ann Buyer within a day',
  };
  const task = await db.salesTask.create({
    data: {
      id: `handoff/${account.id}/1`,
      accountId: account.id,
      seq: 1,
      ownerId: rep.id,
      journeyWorkflowId: `journey/test/${account.id}`,
      status: 'created',
      trigger: 'mqa',
      evidence,
      slaDays: 1,
      dueAt: new Date('2026-12-08T17:00:00Z'),
    },
  });
  let events = 0;
  const event = (type: ReachEventType): ReachEvent => ({
    id: `${task.id}/${type}/${++events}`,
    type,
    at: new Date().toISOString(),
    accountId: account.id,
    contactId: ann.id,
    taskId: task.id,
    eventKey: null,
  });
  /**
   * The account changes hands as an accounts import does it (accounts/owner-changes.ts): its owner,
   * and its open sales tasks with it; to a rep by e-mail, or (null) to the sales queue. The task's
   * `handoff.reassigned` is then `event('handoff.reassigned')`.
   */
  const handOver = async (to: string | null) => {
    const owner = to === null ? null : await db.salesRep.upsert({ where: { email: to }, create: { email: to, name: to.split('@')[0]! }, update: {} });
    await db.account.update({ where: { id: account.id }, data: { ownerId: owner?.id ?? null } });
    await db.salesTask.updateMany({ where: { accountId: account.id, status: { notIn: [...closedStatuses] } }, data: { ownerId: owner?.id ?? null } });
  };
  return { rep, account, ann, bo, task, event, handOver };
}
