// A won account's cadence follows its purchase pattern, on its own time-skipping server: a stage
// named <lifecycle>-<pattern> (expand-periodic) wins over deliver / expand.
import { expect, it } from 'vitest';
import type { JourneyView } from '../../workflows/journey-api';
import type { JourneyHarness } from '../support/journey-harness';
import { assistAndExpand, handingOff, type SalesKit, withSalesHarness } from '../support/sales';

let h: JourneyHarness;
let k: SalesKit;
withSalesHarness((made) => ({ h, k } = made));

it('gives a won account the cadence of its purchase pattern: a stage <lifecycle>-<pattern> when the journey has one, else deliver or expand', async () => {
  const owner = await k.rep('pat@harpoon.test');
  const j = await h.publish(
    handingOff('won-by-pattern', { onAccepted: { goto: 'assist' } }, [
      ...assistAndExpand('90d', '30d'),
      { key: 'expand-periodic', steps: [{ id: 'before-season', type: 'wait', duration: '300d' }] },
      { key: 'deliver', steps: [{ id: 'kickoff-wait', type: 'wait', duration: '7d' }] },
    ]),
  );
  const outcomes: Record<string, string> = {};
  for (const [domain, purchasePattern] of [['seasonal.example', 'periodic'], ['project.example', 'project'], ['steady.example', 'continuous']] as const) {
    const account = await k.ownedAccount(domain, owner.id, { purchasePattern });
    const { run, task } = await k.handOff('won-by-pattern', j.version, account);
    await k.until(async () => (await k.mailTo('pat@harpoon.test')).some((m) => m.subject.includes(domain)), '1 second');
    await k.act(task.id, { kind: 'accept' });
    await k.act(task.id, { kind: 'won', amount: 1000, currency: 'EUR' });
    outcomes[purchasePattern] = await k.until(async () => {
      const view = await run.query<JourneyView>('status');
      return view.timeline.some((t) => t.text.includes('sales won')) && view.stage !== 'assist' ? view.stage : null;
    }, '1 second');
    expect((await h.db.account.findUniqueOrThrow({ where: { id: account.id } })).lifecycle).toBe(purchasePattern === 'project' ? 'deliver' : 'expand');
    await h.stop(run);
  }
  expect(outcomes).toEqual({ periodic: 'expand-periodic', project: 'deliver', continuous: 'expand' });
});
