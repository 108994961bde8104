// Pacing handoffs to a rep's daily capacity, on a time-skipping server of its own: it lets days
// pass, and journeys and tasks left running by other tests' scenarios (with their timers and review
// loops) have stalled the shared test server's clock during such waits.
import { describe, expect, it } from 'vitest';
import type { JourneyView } from '../../workflows/journey-api';
import type { JourneyHarness } from '../support/journey-harness';
import { handingOff, type SalesKit, withSalesHarness } from '../support/sales';

let h: JourneyHarness;
let k: SalesKit;
withSalesHarness((made) => ({ h, k } = made));

describe('sales handoff pacing', () => {
  it("paces handoffs to the owner's daily capacity: the rest queue by tier, then score, while the journeys keep running", async () => {
    const owner = await k.rep('paula@harpoon.test', { timezone: 'UTC', dailyCapacity: 1 });
    const j = await h.publish(handingOff('paced'));
    const accounts = [];
    for (const [domain, tier, score] of [['first.example', 3, 10], ['low.example', 3, 20], ['high.example', 1, 90]] as const) {
      const account = await k.ownedAccount(domain, owner.id, { tier });
      await h.db.account.update({ where: { id: account.id }, data: { score } });
      const run = await h.start('paced', j.version, account.id);
      accounts.push({ account, run });
    }
    for (const { account, run } of accounts) {
      await run.signal('engagement', await k.inquiry(account.contacts[0]!.id));
      await k.until(() => h.db.salesTask.findFirst({ where: { accountId: account.id } }), '1 second');
    }
    const statuses = async () =>
      Object.fromEntries((await h.db.salesTask.findMany({ where: { ownerId: owner.id }, include: { account: true } })).map((t) => [t.account.domain, t.status]));
    const day0 = await statuses();
    // Unless the three inquiries straddled midnight, one task reached the owner and two wait.
    if (Object.values(day0).filter((s) => s === 'created').length === 1) {
      expect(day0).toEqual({ 'first.example': 'created', 'low.example': 'queued', 'high.example': 'queued' });
      await k.until(async () => (await statuses())['high.example'] === 'created', '1 hour', 30);
      expect((await statuses())['low.example']).toBe('queued');
      await k.until(async () => (await statuses())['low.example'] === 'created', '1 hour', 30);
    }
    for (const { run } of accounts) expect((await run.query<JourneyView>('status')).status).toBe('running');
    expect((await k.mailTo('paula@harpoon.test')).filter((m) => m.subject.startsWith('New sales task')).length).toBe(3);
    for (const { run } of accounts) await h.stop(run);
  });
});
