// `harpoon sales opportunity|won|lost` on real handoffs: the CLI talks to the time-skipping server's
// workflows, as it talks to a running Harpoon. Amounts are read as the imports read them, and an
// amount is kept with its currency whichever command records it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, runCliOk } from '../support/cli';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { createJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { handingOff, salesKit } from '../support/sales';

let h: JourneyHarness;
let fresh: FreshDb;
let env: Record<string, string>;
let journeyVersion = 0;
const nextYear = new Date().getUTCFullYear() + 1;

beforeAll(async () => {
  h = await createJourneyHarness({ db: async () => (fresh = await freshDb()) });
  env = { DATABASE_URL: fresh.url, HARPOON_DATA_DIR: fresh.dir, TEMPORAL_ADDRESS: h.env.address };
  journeyVersion = (await h.publish(handingOff('cli-deals'))).version;
  await salesKit(h).rep('rita@harpoon.test');
});
afterAll(async () => {
  await h?.teardown();
});

/** A task handed to Rita and accepted by her through the CLI. */
async function acceptedTask(domain: string) {
  const k = salesKit(h);
  const rep = await h.db.salesRep.findUniqueOrThrow({ where: { email: 'rita@harpoon.test' } });
  const { task } = await k.handOff('cli-deals', journeyVersion, await k.ownedAccount(domain, rep.id));
  await k.until(() => h.db.salesTask.findFirst({ where: { id: task.id, status: 'created' } }), '1 second');
  await runCliOk(['sales', 'accept', task.id, '--owner', 'rita@harpoon.test'], env);
  return task.id;
}

const stored = (id: string) => h.db.salesTask.findUniqueOrThrow({ where: { id }, select: { status: true, amount: true, currency: true } });

it('reads amounts as the imports do: spaces and commas between thousands, a point before decimals', async () => {
  const id = await acceptedTask('deal-figures.example');
  await runCliOk(['sales', 'opportunity', id, '--amount', '20 000', '--currency', 'eur', '--close', `${nextYear}-03-31`], env);
  expect(await stored(id)).toEqual({ status: 'opportunity', amount: 20000, currency: 'EUR' });
  await runCliOk(['sales', 'opportunity', id, '--amount', '12.5', '--currency', 'EUR', '--close', `${nextYear}-03-31`], env);
  expect((await stored(id)).amount).toBe(12.5);
  await runCliOk(['sales', 'won', id, '--amount', '1,200,000'], env);
  expect(await stored(id)).toEqual({ status: 'won', amount: 1_200_000, currency: 'EUR' });
});

it('keeps a won amount with its currency when the task had no opportunity, and refuses one in another currency on a loss', async () => {
  const won = await acceptedTask('won-outright.example');
  expect((await runCliOk(['sales', 'won', won, '--amount', '20000'], env)).stdout).toContain('accepted → won');
  expect(await stored(won)).toEqual({ status: 'won', amount: 20000, currency: 'EUR' });
  const shown = await runCliOk(['sales', 'show', won], env);
  expect(shown.stdout).toContain('amount: 20,000.00 EUR');

  // Amounts are kept in EUR now: a loss in dollars would make every report refuse to add them up.
  const lost = await acceptedTask('lost-in-dollars.example');
  const dollars = await runCli(['sales', 'lost', lost, '--amount', '500', '--currency', 'USD', '--reason', 'price'], env);
  expect([dollars.code, dollars.stderr.trim()]).toEqual([1, 'harpoon: --currency: amounts are kept in EUR; convert this amount to EUR and record it in EUR']);
  expect((await stored(lost)).status).toBe('accepted');
  await runCliOk(['sales', 'lost', lost, '--amount', '500', '--currency', 'EUR', '--reason', 'price'], env);
  expect(await stored(lost)).toEqual({ status: 'lost', amount: 500, currency: 'EUR' });
});

it('says what to do instead of rejecting a task whose opportunity is open', async () => {
  const id = await acceptedTask('open-deal.example');
  await runCliOk(['sales', 'opportunity', id, '--amount', '9000', '--currency', 'EUR', '--close', `${nextYear}-06-30`], env);
  const reject = await runCli(['sales', 'reject', id, '--reason', 'no_budget'], env);
  expect([reject.code, reject.stderr.trim()]).toEqual([1, `harpoon: ${id}: cannot reject a task that is an opportunity: mark it lost instead, with the reason`]);
});
