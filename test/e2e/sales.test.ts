// A sales rep's first hour on real parts: dev server, worker node with its dispatcher, an SMTP sink
// on loopback as the relay, the real CLI. An inquiry through `engagement send` hands the account off;
// the owner's notification arrives through SMTP; the rep drives the task from created to won with
// `harpoon sales ...`, and the journey reacts to each step.
import { expect, it } from 'vitest';
import { listOutbox, readOutboxMessage } from '../../mail/outbox';
import { statusQuery } from '../../workflows/journey-api';
import { salesTaskQuery } from '../../workflows/sales-api';
import { runCli, runCliOk } from '../support/cli';
import { launchInquiryHandoff } from '../support/handoff-e2e';
import { withDevClusterWithRelay, type ClusterWithRelay } from '../support/dev-cluster';
import { until } from '../support/until';

let cluster: ClusterWithRelay;
withDevClusterWithRelay((started) => (cluster = started));

it('hands an inquiring account to its owner, mails them, and follows the rep from accept to won', async () => {
  const { db } = cluster.fresh;
  const { env, relayDir } = cluster;
  const { rep, account, journey } = await launchInquiryHandoff(cluster);

  await runCliOk(['engagement', 'send', 'inquiry', '--contact', 'greta.kessler@kessler-pumps.example'], env);
  const taskId = `handoff/${account.id}/1`;
  const mail = await until('the owner notification', async () => (await listOutbox(relayDir)).find((m) => m.to.includes('sally.seller@harpoon.example')));
  expect(mail.subject).toBe('New sales task: Kessler Pumps is marketing-qualified');
  const body = await readOutboxMessage(relayDir, mail.file);
  expect(body.text).toContain('Greta Kessler (decision_maker): inquiry');
  expect(body.text).toContain(`npx harpoon sales show ${taskId}`);
  expect(body.html || '').not.toContain('/t/open');

  const inbox = await runCli(['sales', 'inbox', '--owner', 'sally.seller@harpoon.example', '--json'], env);
  expect(JSON.parse(inbox.stdout)).toMatchObject([{ id: taskId, status: 'created', account: { domain: 'kessler-pumps.example' } }]);
  const shown = await runCli(['sales', 'show', 'kessler-pumps.example'], env);
  expect(shown.stdout).toContain('suggested next action: answer the inquiry of Greta Kessler within a day');

  const early = await runCli(['sales', 'won', taskId], env);
  expect(early.code).toBe(1);
  expect(early.stderr.trim()).toBe(`harpoon: ${taskId}: cannot mark won a task that was never accepted: accept it first`);
  const noReason = await runCli(['sales', 'reject', taskId], env);
  expect(noReason.stderr).toContain('a rejection needs a reason: --reason bad_timing|');

  expect((await runCli(['sales', 'accept', taskId, '--owner', 'sally.seller@harpoon.example'], env)).stdout).toContain(`${taskId}: created → accepted`);
  await until('the journey to switch to sales assist', async () => (await journey.query(statusQuery)).stage === 'assist');
  await runCliOk(['sales', 'opportunity', taskId, '--amount', '48000', '--currency', 'eur', '--close', '2027-03-31'], env);
  expect((await runCli(['sales', 'won', taskId, '--amount', '51000'], env)).stdout).toContain('opportunity → won');
  await until('the journey to move to expand', async () => (await journey.query(statusQuery)).stage === 'expand');

  expect(await cluster.client.workflow.getHandle(taskId).query(salesTaskQuery)).toMatchObject({ status: 'won', ownerId: rep.id });
  expect(await db.salesTask.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({ amount: 51000, currency: 'EUR', status: 'won' });
  expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).lifecycle).toBe('expand');
  const timeline = await runCli(['accounts', 'timeline', account.domain], env);
  for (const line of ['handed to sales', 'sales accepted task', 'sales opportunity task', 'won 51,000.00 EUR: the account moves to expand']) {
    expect(timeline.stdout).toContain(line);
  }
  expect(JSON.parse((await runCli(['sales', 'inbox', '--json'], env)).stdout)).toEqual([]);
});
