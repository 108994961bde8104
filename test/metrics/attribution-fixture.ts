// A small programme in a real database whose attribution attribution.test.ts works out by hand,
// November 2026. Three target accounts:
// - alpha ran journey exec: an intro email (Oct 20) and a click on it (Oct 21; a scanner's click on
//   Oct 22 counts for nothing), an invitation email to the summit (Oct 25), a registration from that
//   invitation (Oct 28), a visit to the web site (Nov 1), handed off on Nov 3 (an internal email to
//   the rep that day touches nobody), attended the summit (Nov 5), an opportunity of 9,000 EUR on
//   Nov 10, won on Nov 20;
// - beta: an opportunity of 2,500 EUR on Nov 12 without a single touch;
// - gamma: an inquiry on Jul 1 (137 days before), an opportunity of 1,000 EUR on Nov 15.
import type { Db } from '../../db/client';

export const november = { from: '2026-11-01', to: '2026-11-30' } as const;
export const on = (month: number, day: number, hour = 10) => new Date(Date.UTC(2026, month - 1, day, hour));

export async function seedAttributionFixture(db: Db): Promise<void> {
  const anna = await db.salesRep.create({ data: { email: 'anna@keelson.example', name: 'Anna Keller' } });
  await db.journeyVersion.create({ data: { key: 'exec', version: 1, name: 'exec', definition: {}, checksum: 'exec' } });
  const account = (domain: string, tier: number) => db.account.create({ data: { domain, name: domain.split('.')[0]!, tier, ownerId: anna.id, poolStatus: 'target', createdAt: on(6, 1) } });
  const alpha = await account('alpha.example', 1);
  const beta = await account('beta.example', 2);
  const gamma = await account('gamma.example', 3);
  const contact = async (name: string, accountId: string) => (await db.contact.create({ data: { email: `${name}@x.example`, accountId, role: 'champion' } })).id;
  const alice = await contact('alice', alpha.id);
  const ada = await contact('ada', alpha.id);
  const arno = await contact('arno', alpha.id);
  const gus = await contact('gus', gamma.id);
  const workflowId = `journey/exec/${alpha.id}`;
  await db.journeyRun.create({ data: { workflowId, journeyKey: 'exec', journeyVersion: 1, accountId: alpha.id, status: 'running', startedAt: on(10, 1) } });

  let n = 0;
  const touch = (accountId: string, contactId: string | null, type: string, at: Date, detail: Record<string, unknown> = {}, journeyKey: string | null = null) =>
    db.touch.create({ data: { accountId, contactId, type, at, detail: detail as object, journeyKey, workflowId: journeyKey ? workflowId : null, idempotencyKey: `fixture|${++n}` } });
  const send = async (stepPath: string, contactId: string | null, at: Date) => {
    const key = `${workflowId}|${stepPath}|${contactId ?? 'rep'}`;
    await db.emailSend.create({ data: { idempotencyKey: key, accountId: alpha.id, contactId, workflowId, stepPath, templateKey: 't', messageId: `m${++n}@fixture`, status: 'sent', sentAt: at } });
    await touch(alpha.id, contactId, 'email_sent', at, { template: 't', step: stepPath }, 'exec');
    return key;
  };

  const intro = await send('engage/intro#1', alice, on(10, 20));
  await touch(alpha.id, alice, 'clicked', on(10, 21), { sendKey: intro, source: 'email' });
  await touch(alpha.id, ada, 'clicked', on(10, 22), { sendKey: intro, source: 'email', machine: true, counted: false });
  const invite = await send('engage/invite#1', alice, on(10, 25));
  await touch(alpha.id, alice, 'event_invited', on(10, 25), { eventKey: 'summit', sendKey: invite }, 'exec');
  await touch(alpha.id, alice, 'event_registered', on(10, 28), { eventKey: 'summit', source: 'event' });
  await touch(alpha.id, arno, 'visited', on(11, 1), { tag: 'pricing', source: 'http' });
  await send('convert/notify-rep#1', null, on(11, 3));
  await touch(alpha.id, alice, 'event_attended', on(11, 5), { eventKey: 'summit', source: 'attendance' });
  await touch(gamma.id, gus, 'inquiry', on(7, 1), { source: 'http' });

  const task = (accountId: string, data: { status: string } & Record<string, unknown>) =>
    db.salesTask.create({
      data: { id: `handoff/${accountId}/1`, accountId, seq: 1, ownerId: anna.id, journeyWorkflowId: `journey/exec/${accountId}`, trigger: 'mqa', evidence: {}, slaDays: 1, currency: 'EUR', ...data },
    });
  await task(alpha.id, { createdAt: on(11, 3), acceptedAt: on(11, 4), opportunityAt: on(11, 10), status: 'won', closedAt: on(11, 20), amount: 9000, opportunityAmount: 9000 });
  await task(beta.id, { createdAt: on(11, 2), acceptedAt: on(11, 2), opportunityAt: on(11, 12), status: 'opportunity', amount: 2500, opportunityAmount: 2500 });
  await task(gamma.id, { createdAt: on(11, 14), acceptedAt: on(11, 14), opportunityAt: on(11, 15), status: 'opportunity', amount: 1000, opportunityAmount: 1000 });
}
