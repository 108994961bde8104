// The time-skipping server's clock keeps skipping once a sales task outlives the journey run that
// handed off. A handoff used to be that run's child: a child that closed after its parent run had
// closed (the journey rolled over or ended while sales took days) left the server's clock locked for
// good, and every later sleep of every test on that server hung (README, "Why the test clock once
// stopped"). Handoffs and reviews a person decides now start apart from the journey.
import { expect, it } from 'vitest';
import type { JourneyHarness } from '../support/journey-harness';
import { handingOff, type SalesKit, withSalesHarness } from '../support/sales';

let h: JourneyHarness;
let k: SalesKit;
withSalesHarness((made) => ({ h, k } = made));

/** Resolves with the sleep, or fails once `wallMs` of real time passed without it. */
async function sleepWithin(duration: string, wallMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${duration} on the skipping clock took over ${wallMs / 1000} s of real time: the clock is locked`)), wallMs);
  });
  try {
    await Promise.race([h.env.sleep(duration), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

it('keeps skipping time after a sales task outlives the journey that handed off: its outcome comes after the journey ended', async () => {
  const owner = await k.rep('otto@harpoon.test');
  const j = await h.publish(handingOff('outlived'));
  const account = await k.ownedAccount('outlived.example', owner.id);
  const { run, task } = await k.handOff('outlived', j.version, account);
  await h.stop(run, 'ended while sales decided');

  // The task goes on without its journey: accepted and won, then it closes.
  await k.act(task.id, { kind: 'accept' });
  await k.act(task.id, { kind: 'won', amount: 1000, currency: 'EUR' });
  expect(await h.env.client.workflow.getHandle(task.id).result()).toMatchObject({ status: 'won' });

  const before = await h.env.currentTimeMs();
  await sleepWithin('30 days', 30_000);
  expect((await h.env.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * 86_400_000);
});
