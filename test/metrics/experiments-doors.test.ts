// An A/B test's figures through the three doors on the same database: `harpoon report experiments`
// (--json and the table), GET /v1/metrics/experiments and the console's Experiments page. The
// test's facts are written as the send activity and the tracking server leave them, and every
// figure is worked out by hand below.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import type { HttpServer } from '../../http/server';
import { publishJourney } from '../../journeys/catalog';
import { decideDueExperiments } from '../../metrics/experiment-decisions';
import type { ExperimentsReport } from '../../metrics/experiments';
import { createApiKey } from '../../use-cases/api-keys';
import { runCli, runCliOk } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { useFreshDb } from '../support/fresh-db';

const SECRET = 'experiments-doors-secret-0123456789';
const t = useFreshDb();
let server: HttpServer;
let env: Record<string, string>;
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * Step intro of ab-doors, split by contact, clicks within 7d, at least 5 per variant, 95 %:
 *   a: 8 assigned; 7 sent (6 ten days ago, 1 yesterday: its 7 days have not passed); 1 never sent (skipped).
 *      Of the 6 observed, a0 clicked an hour after its email (converted); a1 clicked 8 days after (outside the 7d).
 *      a: assigned 8, sent 7, observed 6, converted 1, rate 1 / 6 = 0.1667.
 *   b: 6 assigned, sent ten days ago; b0–b3 clicked within the day; b4's only click was a scanner's (not counted).
 *      b: assigned 6, sent 6, observed 6, converted 4, rate 4 / 6 = 0.6667.
 * The rule: both have 6 ≥ 5 observed. Pooled p = 5 / 12 = 0.41667; se = √(0.41667 × 0.58333 × (1/6 + 1/6))
 * = √0.081019 = 0.28464; z = (0.66667 − 0.16667) / 0.28464 = 1.757; p = 2 × (1 − Φ(1.757)) = 0.079 ≥ 0.05: not decided.
 */
async function seed() {
  const db = t.db;
  const { version } = await publishJourney(
    db,
    journeyDefinitionSchema.parse({
      key: 'ab-doors',
      name: 'A/B doors',
      stages: [{ key: 'engage', steps: [{ id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] }, variants: [{ key: 'a', subject: 'Quick question' }, { key: 'b', template: 'case-study' }], winner: { metric: 'clicks', minSample: 5 } }] }],
    }),
  );
  const now = Date.now();
  const account = await db.account.create({ data: { domain: 'doors.example', name: 'Doors', tier: 2, poolStatus: 'target', timezone: 'UTC' } });
  const people = [
    ...Array.from({ length: 8 }, (_, i) => ({ name: `a${i}`, variant: 'a', sentAgo: i < 6 ? 10 * dayMs : i === 6 ? dayMs : undefined })),
    ...Array.from({ length: 6 }, (_, i) => ({ name: `b${i}`, variant: 'b', sentAgo: 10 * dayMs })),
  ];
  const clicks: Record<string, { after: number; machine?: true }> = {
    a0: { after: hourMs },
    a1: { after: 8 * dayMs },
    b0: { after: hourMs },
    b1: { after: 2 * hourMs },
    b2: { after: 5 * hourMs },
    b3: { after: 20 * hourMs },
    b4: { after: 10_000, machine: true },
  };
  for (const p of people) {
    const contact = await db.contact.create({ data: { accountId: account.id, email: `${p.name}@doors.example`, role: 'champion' } });
    const assignment = await db.variantAssignment.create({
      data: { journeyKey: 'ab-doors', journeyVersion: version, stepId: 'intro', unitId: contact.id, accountId: account.id, variantKey: p.variant, reason: 'split', assignedAt: new Date(now - 10 * dayMs) },
    });
    const key = `journey/ab-doors/${account.id}|engage/intro#1|${contact.id}`;
    const sentAt = p.sentAgo === undefined ? null : new Date(now - p.sentAgo);
    await db.emailSend.create({
      data: {
        idempotencyKey: key, accountId: account.id, contactId: contact.id, workflowId: `journey/ab-doors/${account.id}`, stepPath: 'engage/intro#1',
        templateKey: p.variant === 'a' ? 'intro' : 'case-study', messageId: `<${p.name}@harpoon>`, status: sentAt ? 'sent' : 'skipped', sentAt,
        variantAssignmentId: assignment.id, variantKey: p.variant,
      },
    });
    const click = clicks[p.name];
    if (click && sentAt) {
      await db.touch.create({
        data: {
          accountId: account.id, contactId: contact.id, type: 'clicked', at: new Date(sentAt.getTime() + click.after),
          detail: { sendKey: key, url: 'https://doors.example/case', ...(click.machine ? { machine: true, machineReason: 'scanner', counted: false } : {}) },
        },
      });
    }
  }
}

beforeAll(async () => {
  await seed();
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  server = await startDoorsWithoutTemporal(t.db, SECRET);
});
afterAll(async () => {
  await server?.stop();
});

/** The Experiments page as a marketing user signed in with the key sees it. */
async function consolePage(secret: string): Promise<string> {
  const signIn = await fetch(`${server.url}/console/sign-in`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key: secret }).toString(),
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  return (await fetch(`${server.url}/console/experiments`, { headers: { cookie } })).text();
}

const variants = [
  { key: 'a', template: 'intro', subject: 'Quick question', share: 0.5, assigned: 8, sent: 7, observed: 6, converted: 1, rate: 0.1667 },
  { key: 'b', template: 'case-study', subject: null, share: 0.5, assigned: 6, sent: 6, observed: 6, converted: 4, rate: 0.6667 },
];
const waiting = 'no winner yet: b 66.7% clicked vs 16.7% (n=6, 6), p=0.079 ≥ 0.05; the split goes on';

it('reports the same figures through the CLI, the API and the console', async () => {
  const cli = await runCli(['report', 'experiments', '--json'], env);
  expect(cli.stderr).toBe('');
  const fromCli = JSON.parse(cli.stdout) as ExperimentsReport;
  expect(fromCli.experiments).toEqual([
    {
      journey: 'ab-doors', version: 1, step: 'intro', split: 'contact', seed: 'ab-doors/intro',
      rule: { metric: 'clicks', within: '7d', minSample: 5, confidence: 0.95 },
      variants, afterDecision: 0, decision: { status: 'waiting', explanation: waiting },
    },
  ]);

  const key = await createApiKey(t.db, { name: 'doors', role: 'marketing' });
  const res = await fetch(`${server.url}/v1/metrics/experiments?journey=ab-doors`, { headers: { Authorization: `Bearer ${key.secret}` } });
  expect(res.status).toBe(200);
  expect(((await res.json()) as ExperimentsReport).experiments).toEqual(fromCli.experiments);

  const page = await consolePage(key.secret);
  expect(page).toContain('<a href="/console/experiments" aria-current="page">Experiments</a>');
  expect(page).toContain('<tr><th scope="row">a</th><td>intro</td><td>Quick question</td><td class="num">50.0 %</td><td class="num">8</td><td class="num">7</td><td class="num">6</td><td class="num">1</td><td class="num">16.7 %</td></tr>');
  expect(page).toContain('<tr><th scope="row">b</th><td>case-study</td><td>-</td><td class="num">50.0 %</td><td class="num">6</td><td class="num">6</td><td class="num">6</td><td class="num">4</td><td class="num">66.7 %</td></tr>');
  expect(page).toContain(`not decided: ${waiting}`);
});

it('prints a readable table, and refuses what it cannot answer in one line', async () => {
  const table = await runCli(['report', 'experiments', '--journey', 'ab-doors'], env);
  expect(table.stdout).toContain('ab-doors v1, step intro: split by contact (seed ab-doors/intro); winner by clicks within 7d, at least 5 per variant, 95 % confidence');
  expect(table.stdout).toMatch(/ {2}a +intro +Quick question +50\.0 % +8 +7 +6 +1 +16\.7 %/);
  expect(table.stdout).toContain(`  not decided: ${waiting}`);

  const unknown = await runCli(['report', 'experiments', '--journey', 'nope'], env);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr.trim()).toBe('harpoon: No journey "nope": list the published ones with "harpoon journeys list".');
  const stray = await runCli(['report', 'experiments', '--tier', '2'], env);
  expect(stray.stderr).toMatch(/^error: unknown option '--tier'/);
  // The error and where the help is, not the whole help under it.
  expect(stray.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: unknown option '--tier'/), '(run the command with --help for its options)']);
  // The report beside it is unchanged.
  await runCliOk(['report', '--journey', 'ab-doors', '--json'], env);

  const key = await createApiKey(t.db, { name: 'doors 2', role: 'marketing' });
  const bad = await fetch(`${server.url}/v1/metrics/experiments?journey=Not%20A%20Key`, { headers: { Authorization: `Bearer ${key.secret}` } });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { issues: { path: string }[] }).issues[0]!.path).toBe('querystring.journey');
});

it('shows a met rule as due without writing it; the hourly check records it, and every door says so', async () => {
  // b4 and b5 click as people: b 6 of 6 against a 1 of 6. Pooled p = 7 / 12 = 0.58333;
  // se = √(0.58333 × 0.41667 × (1/6 + 1/6)) = √0.081019 = 0.28464; z = (1 − 0.16667) / 0.28464 = 2.928;
  // p = 2 × (1 − Φ(2.928)) = 2 × (1 − 0.99829) = 0.0034 < 0.05: b wins.
  for (const name of ['b4', 'b5']) {
    const send = await t.db.emailSend.findFirstOrThrow({ where: { contact: { email: `${name}@doors.example` } } });
    await t.db.touch.create({ data: { accountId: send.accountId, contactId: send.contactId, type: 'clicked', at: new Date(send.sentAt!.getTime() + 3 * hourMs), detail: { sendKey: send.idempotencyKey } } });
  }
  const explanation = 'b wins: 100.0% clicked vs 16.7% (n=6, 6), p=0.0034 < 0.05';
  const due = JSON.parse((await runCli(['report', 'experiments', '--json'], env)).stdout) as ExperimentsReport;
  expect(due.experiments[0]!.decision).toEqual({ status: 'due', winner: 'b', pValue: expect.closeTo(0.0034, 4), explanation });
  expect(await t.db.variantDecision.count()).toBe(0);

  expect(await decideDueExperiments(t.db, Date.now())).toBe(1);
  expect(await decideDueExperiments(t.db, Date.now())).toBe(0); // once
  const decided = JSON.parse((await runCli(['report', 'experiments', '--json'], env)).stdout) as ExperimentsReport;
  expect(decided.experiments[0]!.decision).toMatchObject({ status: 'decided', winner: 'b', explanation });
  const key = await createApiKey(t.db, { name: 'doors 3', role: 'marketing' });
  const api = (await (await fetch(`${server.url}/v1/metrics/experiments`, { headers: { Authorization: `Bearer ${key.secret}` } })).json()) as ExperimentsReport;
  expect(api.experiments).toEqual(decided.experiments);
  const page = await consolePage(key.secret);
  const { decidedAt } = decided.experiments[0]!.decision as { decidedAt: string };
  expect(page).toContain(`<span class="badge yes">decided</span> decided ${decidedAt.slice(0, 16).replace('T', ' ')} UTC: ${explanation.replace('<', '&lt;')}`);
});
