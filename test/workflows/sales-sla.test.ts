// The service level of a sales handoff across a weekend, in business days of the owner's time
// zone, on its own time-skipping server (the test moves the clock to a Friday afternoon).
import { describe, expect, it } from 'vitest';
import { readOutboxMessage } from '../../mail/outbox';
import type { JourneyHarness } from '../support/journey-harness';
import { handingOff, localTime, nextLocal, type SalesKit, withSalesHarness } from '../support/sales';

let h: JourneyHarness;
let k: SalesKit;
withSalesHarness((made) => ({ h, k } = made));

describe('sales service level', () => {
  it('reminds the owner at the first missed service level and escalates to the manager at the second, in business days of the owner\'s zone', async () => {
    const zone = 'America/New_York';
    const manager = await k.rep('marta@harpoon.test', { timezone: zone });
    const owner = await k.rep('sam@harpoon.test', { timezone: zone, managerId: manager.id });
    const account = await k.ownedAccount('weekend.example', owner.id, { tier: 1 });
    const j = await h.publish(handingOff('sla-weekend'));
    // Hand off on a Friday at 15:00 in the owner's zone: tier 1 has one business day.
    const now = await h.env.currentTimeMs();
    const friday = nextLocal(now, zone, 5, 15);
    await h.env.sleep(friday - now);
    const { run, task } = await k.handOff('sla-weekend', j.version, account);

    const breach = (type: string) => h.db.touch.findFirst({ where: { accountId: account.id, type } });
    const reminder = await k.until(() => breach('sales_reminder'), '6 hours', 40);
    const escalation = await k.until(() => breach('sales_escalation'), '6 hours', 40);
    expect(localTime(reminder.at.getTime(), zone)).toBe('Mon 15');
    expect(localTime(escalation.at.getTime(), zone)).toBe('Tue 15');
    expect(escalation.detail).toMatchObject({ to: 'manager' });
    expect((await k.mailTo('sam@harpoon.test')).map((m) => m.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^New sales task/), expect.stringMatching(/^Reminder/)]),
    );
    expect((await k.mailTo('marta@harpoon.test')).map((m) => m.subject)).toEqual([expect.stringMatching(/^Escalation: weekend\.example Inc\./)]);
    // Marta may not open Sam's task: her email says what she can do instead of a link that would refuse her.
    const [escalationMail] = await k.mailTo('marta@harpoon.test');
    const { text } = await readOutboxMessage(h.outboxDir, escalationMail!.file);
    expect(text).toContain("It is sam's to answer: remind them, or give the account another owner");
    expect(text).not.toContain('/console/');
    const [ownerMail] = await k.mailTo('sam@harpoon.test');
    expect((await readOutboxMessage(h.outboxDir, ownerMail!.file)).text).toContain('Open it in the console (accept or reject in two clicks)');
    // Still answerable after the escalation.
    await k.act(task.id, { kind: 'accept' });
    expect(await run.result()).toMatchObject({ status: 'completed', exitReason: 'handoff_accepted' });
  });

});
