// `harpoon sales` without Temporal: reading the inbox and a task needs only the database, and a
// wrong rep or task is one line naming what to fix, with exit code 1.
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  const rep = await t.db.salesRep.create({ data: { email: 'ivy@harpoon.example', name: 'Ivy Inbox' } });
  const account = await t.db.account.create({ data: { domain: 'inbox.example', name: 'Inbox GmbH', tier: 2, poolStatus: 'target', ownerId: rep.id } });
  await t.db.salesTask.create({
    data: {
      id: `handoff/${account.id}/1`,
      accountId: account.id,
      seq: 1,
      openAccountId: account.id,
      ownerId: rep.id,
      journeyWorkflowId: `journey/x/${account.id}`,
      status: 'created',
      trigger: 'mqa',
      slaDays: 2,
      dueAt: new Date('2026-11-25T10:00:00Z'),
      evidence: { why: 'the MQA rule of journey x holds', score: 31, scoreBreakdown: {}, engagedContacts: [], recent: [], gaps: ['no champion known'], nextAction: 'review the account' },
    },
  });
});

it("lists a rep's open tasks and shows one by the account's domain", async () => {
  const inbox = await runCli(['sales', 'inbox', '--owner', 'IVY@harpoon.example'], env);
  expect(inbox.code, inbox.stderr).toBe(0);
  expect(inbox.stdout).toMatch(/^handoff\/\S+\/1 {2}created {5}due Wed 25 Nov 2026, 10:00 UTC {2}inbox\.example \(tier 2, score 31\) {2}ivy@harpoon\.example/);
  const shown = await runCli(['sales', 'show', 'inbox.example'], env);
  expect(shown.stdout).toContain('buying-group gaps: no champion known');
  expect(shown.stdout).toContain('Inbox GmbH (inbox.example), tier 2, owner ivy@harpoon.example');
});

it("names a closed task's rep as its rep, not as the account's owner, which may have changed since", async () => {
  const ivy = await t.db.salesRep.findUniqueOrThrow({ where: { email: 'ivy@harpoon.example' } });
  const other = await t.db.salesRep.create({ data: { email: 'otto@harpoon.example', name: 'Otto Now' } });
  const account = await t.db.account.create({ data: { domain: 'closed.example', name: 'Closed AG', tier: 1, poolStatus: 'target', ownerId: other.id } });
  await t.db.salesTask.create({
    data: {
      id: `handoff/${account.id}/1`, accountId: account.id, seq: 1, ownerId: ivy.id, journeyWorkflowId: `journey/x/${account.id}`,
      status: 'lost', reason: 'no_budget', trigger: 'mqa', slaDays: 2,
      evidence: { why: 'the MQA rule of journey x holds', score: 40, scoreBreakdown: {}, engagedContacts: [], recent: [], gaps: [], nextAction: 'nothing' },
    },
  });
  const shown = await runCli(['sales', 'show', 'closed.example'], env);
  expect(shown.code, shown.stderr).toBe(0);
  expect(shown.stdout).toContain('Closed AG (closed.example), tier 1, rep ivy@harpoon.example');
});

it('says in one line which rep or task does not exist', async () => {
  const noRep = await runCli(['sales', 'inbox', '--owner', 'nobody@harpoon.example'], env);
  expect(noRep.code).toBe(1);
  expect(noRep.stderr.trim()).toBe('harpoon: No sales rep with e-mail "nobody@harpoon.example". List them with "harpoon accounts reps list".');
  const noTask = await runCli(['sales', 'show', 'handoff/none/1'], env);
  expect(noTask.stderr.trim()).toBe('harpoon: No sales task "handoff/none/1": give a task ID from "harpoon sales inbox" or an account\'s domain.');
});
