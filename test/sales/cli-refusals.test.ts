// What `harpoon sales` refuses before any workflow is reached (no Temporal here): an amount it
// cannot read for sure, input the API would refuse (a note too long, a close date decades off), an
// option a command would ignore, an empty --owner; and a task in the sales queue, which no rep owns.
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
const ids = { task: '', queued: '', repTask: '', queueRepTask: '' };
const evidence = { why: 'the MQA rule of journey x holds', score: 31, scoreBreakdown: {}, engagedContacts: [], recent: [], gaps: [], nextAction: 'call them' };

beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, TEMPORAL_ADDRESS: '127.0.0.1:1' };
  const rep = await t.db.salesRep.create({ data: { email: 'ida@harpoon.example', name: 'Ida Input' } });
  const account = await t.db.account.create({ data: { domain: 'theta-test.example', name: 'Theta AG', tier: 2, poolStatus: 'target', ownerId: rep.id } });
  const unowned = await t.db.account.create({ data: { domain: 'nobodys.example', name: 'Nobody GmbH', tier: 3, poolStatus: 'target' } });
  const task = (accountId: string, ownerId: string | null) =>
    t.db.salesTask.create({
      data: { id: `handoff/${accountId}/1`, accountId, seq: 1, openAccountId: accountId, ownerId, journeyWorkflowId: `journey/x/${accountId}`, status: 'accepted', trigger: 'mqa', slaDays: 2, evidence },
    });
  ids.task = (await task(account.id, rep.id)).id;
  ids.queued = (await task(unowned.id, null)).id;
  const repTask = (accountId: string, ownerId: string | null) =>
    t.db.repTask.create({
      data: {
        idempotencyKey: `journey/x/${accountId}|engage/call#1`, accountId, ownerId, workflowId: `journey/x/${accountId}`, journeyKey: 'x', stepPath: 'engage/call#1',
        channel: 'call', title: 'Call the CFO', timeZone: 'UTC', dueAt: new Date('2026-12-03T09:00:00Z'), waits: false, status: 'open', createdAt: new Date('2026-12-01T09:00:00Z'),
      },
    });
  ids.repTask = (await repTask(account.id, rep.id)).id;
  ids.queueRepTask = (await repTask(unowned.id, null)).id;
});

const refusal = async (args: string[]) => {
  const result = await runCli(args, env);
  expect(result.code, result.stdout).toBe(1);
  return result.stderr.trim();
};
const opportunity = (amount: string) => ['sales', 'opportunity', ids.task, '--amount', amount, '--currency', 'EUR', '--close', '2027-03-31'];

it('refuses an amount with a decimal comma, an ambiguous point or in another notation, naming --amount and the form it takes', async () => {
  expect(await refusal(opportunity('12,5'))).toBe('harpoon: --amount "12,5" is not an amount, expected a positive amount such as 48000 or 48,000.50');
  expect(await refusal(opportunity('48.000'))).toBe('harpoon: --amount "48.000" could mean 48 or 48,000, expected 48000 or 48 (a point only before decimals)');
  expect(await refusal(['sales', 'won', ids.task, '--amount', '1.500'])).toBe(
    'harpoon: --amount "1.500" could mean 1.5 or 1,500, expected 1500 or 1.5 (a point only before decimals)',
  );
  for (const amount of ['0x10', '1e3', '€5000', '1e300']) {
    expect(await refusal(opportunity(amount))).toBe(`harpoon: --amount "${amount}" is not an amount, expected a positive amount such as 48000 or 48,000.50`);
  }
});

it('refuses an amount in fractions of a cent or beyond a trillion, as the API does', async () => {
  const rule = 'expected a positive amount with at most 2 decimals, at most 1,000,000,000,000, such as 48000 or 48000.50';
  expect(await refusal(opportunity('0.001'))).toBe(`harpoon: --amount 0.001 has more than 2 decimals, ${rule}`);
  expect(await refusal(['sales', 'lost', ids.task, '--amount', '2,000,000,000,000'])).toBe(`harpoon: --amount 2000000000000 is too large, ${rule}`);
});

it('refuses notes and reasons longer than the API keeps, naming the option', async () => {
  const long = 'x'.repeat(5000);
  expect(await refusal(['sales', 'reject', ids.task, '--reason', 'other', '--note', long])).toBe('harpoon: --note: expected at most 2000 characters');
  expect(await refusal(['sales', 'lost', ids.task, '--reason', long])).toBe('harpoon: --reason: expected at most 500 characters');
  expect(await refusal(['sales', 'rep-task', 'done', ids.repTask, '--note', long])).toBe('harpoon: --note: expected at most 2000 characters');
  expect(await refusal(['sales', 'rep-task', 'skip', ids.repTask, '--reason', long])).toBe('harpoon: --reason: expected at most 2000 characters');
  expect((await t.db.repTask.findUniqueOrThrow({ where: { id: ids.repTask } })).status).toBe('open');
});

it('refuses an expected close date more than a year back or more than 10 years ahead, naming --close and the range', async () => {
  for (const day of ['1970-01-01', '9999-12-31']) {
    expect(await refusal(['sales', 'opportunity', ids.task, '--amount', '48000', '--currency', 'EUR', '--close', day])).toMatch(
      new RegExp(`^harpoon: --close: ${day} is more than (a year ago|10 years ahead), expected the expected close date from \\d{4}-\\d{2}-\\d{2} to \\d{4}-\\d{2}-\\d{2}$`),
    );
  }
});

it('offers each command only the options it acts on', async () => {
  expect(await refusal(['sales', 'won', ids.task, '--amount', '500', '--reason', 'price'])).toMatch(/^error: unknown option '--reason'/);
  expect(await refusal(['sales', 'opportunity', ids.task, '--reason', 'price'])).toMatch(/^error: unknown option '--reason'/);
});

it('refuses an empty --owner on every sales and rep-task command instead of acting as an operator', async () => {
  const empty = `harpoon: --owner is empty: expected a sales rep's e-mail address (list them with "harpoon accounts reps list"), or no --owner at all`;
  for (const args of [
    ['sales', 'inbox'],
    ['sales', 'rep-tasks'],
    ['sales', 'accept', ids.task],
    ['sales', 'rep-task', 'done', ids.repTask],
    ['sales', 'rep-task', 'skip', ids.repTask, '--reason', 'left the company'],
  ]) {
    expect(await refusal([...args, '--owner', ''])).toBe(empty);
  }
  expect((await t.db.repTask.findUniqueOrThrow({ where: { id: ids.repTask } })).status).toBe('open');
});

it('says a task in the sales queue has no owner, when a rep reaches for it', async () => {
  expect(await refusal(['sales', 'accept', ids.queued, '--owner', 'ida@harpoon.example'])).toBe(
    `harpoon: ${ids.queued} has no owner: it is in the sales queue, for an admin to act on until its account has an owner; a rep sees and acts on their own tasks only`,
  );
  expect(await refusal(['sales', 'rep-task', 'done', ids.queueRepTask, '--owner', 'ida@harpoon.example'])).toBe(
    `harpoon: rep task ${ids.queueRepTask} has no owner: it is in the sales queue, for an admin to close until its account has an owner; a rep closes their own tasks only`,
  );
});

it('finds a task by its account domain written as the account commands take it', async () => {
  for (const ref of ['https://theta-test.example/', 'theta-test.example.', 'WWW.Theta-Test.example']) {
    const shown = await runCli(['sales', 'show', ref], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`${ids.task}  accepted`);
  }
});
