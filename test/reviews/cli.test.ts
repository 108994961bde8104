// `harpoon reviews` without Temporal: the list and a review's evidence need only the database, and a
// wrong review or tier is one line naming what to fix, with exit code 1. (Decisions and their
// refusals by the Update's validator are in test/workflows/reviews.test.ts.)
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  const account = await t.db.account.create({ data: { domain: 'reviewed.example', name: 'Reviewed AG', tier: 1, poolStatus: 'target' } });
  await t.db.review.create({
    data: {
      id: `review/${account.id}/1`,
      accountId: account.id,
      seq: 1,
      openAccountId: account.id,
      journeyWorkflowId: `journey/x/${account.id}`,
      tier: 1,
      mode: 'human',
      status: 'waiting',
      deadlineAt: new Date('2026-12-01T09:00:00Z'),
      facts: { valueScore: 72, engagementScore: 12, engagedRoles: ['champion'], coverage: 0.5, coverageGaps: [] },
      evidence: { why: 'tier 1 review', score: 12, scoreBreakdown: {}, engagedContacts: [], recent: [], gaps: ['no budget_holder known'], nextAction: '-' },
    },
  });
});

it('lists the reviews waiting for a person and shows one, with its evidence, by the account\'s domain', async () => {
  const list = await runCli(['reviews', 'list'], env);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toMatch(/^review\/\S+\/1 {2}tier 1 {2}reviewed\.example {2}waiting, default at 2026-12-01 09:00/);
  const shown = await runCli(['reviews', 'show', 'reviewed.example'], env);
  expect(shown.stdout).toContain('value score 72, engagement 12 (champion), buying-group coverage 50%');
  expect(shown.stdout).toContain('buying-group gaps: no budget_holder known');
  expect(shown.stdout).toMatch(/decide: harpoon reviews decide review\/\S+\/1 <continue\|accelerate\|change_tier\|pause\|retire> --reason/);
});

it("finds a review by its account's domain written as the account commands take it", async () => {
  for (const ref of ['https://reviewed.example/', 'reviewed.example.']) {
    const shown = await runCli(['reviews', 'show', ref], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('buying-group gaps: no budget_holder known');
  }
});

it('says in one line which review or tier is wrong', async () => {
  const none = await runCli(['reviews', 'show', 'review/none/1'], env);
  expect(none.code).toBe(1);
  expect(none.stderr.trim()).toBe('harpoon: No review "review/none/1": give a review ID from "harpoon reviews list" or an account\'s domain.');
  const badTier = await runCli(['reviews', 'decide', 'reviewed.example', 'change_tier', '--tier', 'two', '--reason', 'x'], env);
  expect(badTier.code).toBe(1);
  expect(badTier.stderr.trim()).toBe('harpoon: --tier "two" is not a tier: expected 1, 2 or 3');
});

it('neither lists nor takes a decision on the review of an account that left the pool', async () => {
  const account = await t.db.account.create({ data: { domain: 'retired-reviewed.example', name: 'Retired AG', tier: 1, poolStatus: 'retired' } });
  await t.db.review.create({
    data: {
      id: `review/${account.id}/1`, accountId: account.id, seq: 1, openAccountId: account.id, journeyWorkflowId: `journey/x/${account.id}`, tier: 1, mode: 'human', status: 'waiting',
      deadlineAt: new Date('2026-12-01T09:00:00Z'), facts: {}, evidence: { why: '-', score: 0, scoreBreakdown: {}, engagedContacts: [], recent: [], gaps: [], nextAction: '-' },
    },
  });
  expect((await runCli(['reviews', 'list'], env)).stdout).not.toContain('retired-reviewed.example');
  const decided = await runCli(['reviews', 'decide', 'retired-reviewed.example', 'change_tier', '--tier', '3', '--reason', 'after retiring'], env);
  expect([decided.code, decided.stderr.trim()]).toEqual([
    1,
    `harpoon: review/${account.id}/1: retired-reviewed.example is retired, so its review takes no decision; to work on it again, bring it back ("harpoon accounts include retired-reviewed.example") and launch a journey, whose reviews come in their turn`,
  ]);
});
