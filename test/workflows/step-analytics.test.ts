// Per-step analytics of a small journey run for real: two accounts on the time-skipping server with
// the real worker, tracked hits through the tracking handlers (a person's open and click, a
// scanner's click), a reply through the engagement outbox, a skipped contact, a wait_for that wakes
// and one that times out, an exit step and a goal exit. The figures are then read through the three
// doors, `harpoon report steps --json`, GET /v1/metrics/steps and the console's journey page, which
// must agree with each other and with the hand count below.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordEngagement } from '../../engagement/record-engagement';
import { trackingHandlers } from '../../engagement/tracked-hits';
import type { HttpServer } from '../../http/server';
import { sendRefFor } from '../../mail/tracking';
import { computeStepReport, type StepReport } from '../../metrics/step-analytics';
import { createApiKey } from '../../use-cases/api-keys';
import { runCli, runCliOk } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { createJourneyHarness, type JourneyHarness } from '../support/journey-harness';
import { until } from '../support/until';

const SECRET = 'steps-test-secret-0123456789';
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const SCANNER = 'Mozilla/5.0 (compatible; Barracuda Sentinel URL scanner)';

let fresh: FreshDb;
let h: JourneyHarness;
let doors: HttpServer;
beforeAll(async () => {
  h = await createJourneyHarness({ dispatcher: true, db: async () => (fresh = await freshDb()) });
  doors = await startDoorsWithoutTemporal(h.db, SECRET);
});
afterAll(async () => {
  await doors?.stop();
  await h?.teardown();
});

const email = (id: string, template: string, roles: string[]) => ({ id, type: 'email', template, audience: { roles } });

/** The console page's figures of one step box, as `label: value` pairs. */
function consoleFigures(page: string, stage: string, stepId: string): Record<string, string> {
  const box = new RegExp(`<li class="graph-step" id="step-${stage}-${stepId}">([\\s\\S]*?)</li>`).exec(page)?.[1] ?? '';
  return Object.fromEntries([...box.matchAll(/<dt>([^<]+)<\/dt><dd>([^<]*)/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

it('counts each step of a journey that really ran, the same through the CLI, the API and the console', async () => {
  const { version } = await h.publish({
    key: 'measured',
    name: 'Measured',
    policy: { quietHours: { start: '00:00', end: '00:00', weekends: false } },
    goals: [{ when: 'all_contacts_unsubscribed', exit: 'nobody_left' }],
    stages: [
      {
        key: 'engage',
        steps: [
          email('intro', 'intro', ['champion', 'user']),
          { id: 'listen', type: 'wait', duration: '2d' },
          { id: 'hear', type: 'wait_for', event: { type: 'replied' }, timeout: '3d', onEvent: { stage: 'convert' } },
          email('nudge', 'case-study', ['champion']),
          { id: 'done', type: 'exit', reason: 'quiet' },
        ],
      },
      { key: 'convert', steps: [email('pricing', 'pricing-guide', ['champion', 'user']), { id: 'hold', type: 'wait', duration: '30d' }] },
    ],
  });
  const alpha = await h.account({ domain: 'alpha-steps.example', contacts: [{ email: 'champ@alpha-steps.example', role: 'champion' }, { email: 'user@alpha-steps.example', role: 'user' }] });
  const beta = await h.account({ domain: 'beta-steps.example', contacts: [{ email: 'champ@beta-steps.example', role: 'champion' }] });
  const [champ, user] = alpha.contacts;
  await h.db.contact.update({ where: { id: user!.id }, data: { consent: 'unsubscribed' } });
  const runA = await h.start('measured', version, alpha.id);
  const runB = await h.start('measured', version, beta.id);

  // Day 1: both in `listen`. Alpha's champion opens intro and clicks its link; a scanner clicks it too.
  await h.env.sleep('1 day');
  const intro = (await h.sends(alpha.id)).find((s) => s.contactId === champ!.id && s.templateKey === 'intro')!;
  const hit = trackingHandlers(h.db, undefined, { machineWindowMs: 60_000, countMachine: false }).onEvent!;
  const at = new Date(await h.env.currentTimeMs());
  const send = sendRefFor(intro.idempotencyKey);
  expect(await hit({ type: 'opened', payload: { kind: 'open', send }, method: 'GET', at, userAgent: BROWSER })).toBe('recorded');
  expect(await hit({ type: 'clicked', payload: { kind: 'click', send, url: 'https://example.com/a' }, method: 'GET', at, userAgent: SCANNER })).toBe('recorded');
  expect(await hit({ type: 'clicked', payload: { kind: 'click', send, url: 'https://example.com/a' }, method: 'GET', at, userAgent: BROWSER })).toBe('recorded');

  // Day 2.5: both wait in `hear`. Alpha's champion replies: alpha goes to convert and gets pricing.
  await h.env.sleep('36 hours');
  await recordEngagement(h.db, { type: 'replied', contact: { id: champ!.id }, at: new Date(await h.env.currentTimeMs()), source: 'test' });
  await until('pricing to be planned for alpha', async () => (await h.sends(alpha.id)).filter((s) => s.templateKey === 'pricing-guide').length === 2);

  // Day 5.5: beta's wait timed out at day 5: nudge, then the exit step. Alpha's last subscriber
  // leaves while it holds in convert: the goal. (Alpha first: waiting on beta's result would let the
  // skipping clock run through alpha's 30-day hold.)
  await h.env.sleep('3 days');
  await h.db.contact.update({ where: { id: champ!.id }, data: { consent: 'unsubscribed' } });
  await runA.signal('contactChanged', { version: 1, contactId: champ!.id, change: 'consent', consent: 'unsubscribed' });
  expect(await runA.result()).toMatchObject({ status: 'completed', exitReason: 'nobody_left' });
  expect(await runB.result()).toMatchObject({ status: 'completed', exitReason: 'quiet' });

  const report = await computeStepReport(h.db, { journey: 'measured' });
  const row = (id: string) => report.steps.find((s) => s.stepId === id)!;
  expect(report).toMatchObject({ journey: 'measured', version: 1, versions: [1], runs: { recorded: 2, notRecorded: 0 } });
  // intro: alpha and beta entered and moved on; sent to both champions (2), alpha's user skipped
  // (unsubscribed). Alpha's champion opened and clicked (the scanner's click counts for nothing) and
  // replied (intro was the last email they had): 1 email of 2 each = 0.5.
  expect(row('intro')).toMatchObject({
    entered: 2,
    movedOn: 2,
    sent: 2,
    skipped: { 'consent:unsubscribed': 1 },
    opened: { emails: 1, people: 1, rate: 0.5 },
    clicked: { emails: 1, people: 1, rate: 0.5 },
    replied: { emails: 1, people: 1, rate: 0.5 },
  });
  expect(row('listen')).toMatchObject({ entered: 2, movedOn: 2, exitedByGoal: 0, stillHere: 0 });
  // hear: alpha left by its event exit, beta by the timeout: both moved on.
  expect(row('hear')).toMatchObject({ entered: 2, movedOn: 2 });
  // Only beta: nudge sent, then the exit step ended it ("quiet").
  expect(row('nudge')).toMatchObject({ entered: 1, movedOn: 1, sent: 1, skipped: {} });
  expect(row('done')).toMatchObject({ entered: 1, movedOn: 0, endedOtherwise: { quiet: 1 } });
  // Only alpha: pricing to the champion (sent) and the user (skipped), then the goal ended it in hold.
  expect(row('pricing')).toMatchObject({ entered: 1, movedOn: 1, sent: 1, skipped: { 'consent:unsubscribed': 1 }, opened: { people: 0, rate: 0 } });
  expect(row('hold')).toMatchObject({ entered: 1, movedOn: 0, exitedByGoal: 1, endedOtherwise: {} });

  // The CLI and the API give the same JSON.
  const cli = await runCli(['report', 'steps', '--journey', 'measured', '--json'], { DATABASE_URL: fresh.url, HARPOON_DATA_DIR: fresh.dir });
  expect(cli.stderr).toBe('');
  const fromCli = JSON.parse(cli.stdout) as StepReport;
  expect(fromCli).toEqual(report);
  const { secret } = await createApiKey(h.db, { name: 'steps', role: 'marketing' });
  const api = await fetch(`${doors.url}/v1/metrics/steps?journey=measured&version=1`, { headers: { authorization: `Bearer ${secret}` } });
  expect(api.status).toBe(200);
  expect(await api.json()).toEqual(fromCli);

  // The console's journey page shows the same figures on each step.
  const signIn = await fetch(`${doors.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key: secret }).toString() });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const page = await fetch(`${doors.url}/console/journeys/measured?version=1`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  for (const s of fromCli.steps) {
    const shown = consoleFigures(html, s.stage, s.stepId);
    expect([shown.entered, shown['moved on'], shown['exited by goal'], shown['still here']]).toEqual([s.entered, s.movedOn, s.exitedByGoal, s.stillHere].map(String));
    if (s.sent > 0) expect([shown.sent, shown.opened, shown.clicked, shown.replied]).toEqual([String(s.sent), ...[s.opened, s.clicked, s.replied].map((r) => `${r.people} people, ${r.rate === null ? '-' : `${(r.rate * 100).toFixed(1)} %`}`)]);
  }
  expect(consoleFigures(html, 'engage', 'intro').sent).toBe('2');
  // The readable table says the same.
  const table = await runCli(['report', 'steps', '--journey', 'measured'], { DATABASE_URL: fresh.url, HARPOON_DATA_DIR: fresh.dir });
  expect(table.stdout).toMatch(/engage\/intro +email +2 +2 +0 +0 +0 +2 +1 +1 +50\.0 % +1 +50\.0 % +1 +50\.0 %/);
  expect(table.stdout).toContain('engage/intro: skipped: consent:unsubscribed: 1');
}, 240_000);

it('counts journeys begun before step records apart, as not recorded rather than as zeros', async () => {
  const before = await computeStepReport(h.db, { journey: 'measured' });
  // A journey of version 1 that wrote no step visits: what a journey begun before patched('step-visits') leaves.
  const old = await h.account({ domain: 'old-steps.example', contacts: [{ email: 'champ@old-steps.example', role: 'champion' }] });
  await h.db.journeyRun.create({ data: { workflowId: `journey/measured/${old.id}`, journeyKey: 'measured', journeyVersion: 1, accountId: old.id, status: 'running', stage: 'engage' } });
  const after = await computeStepReport(h.db, { journey: 'measured' });
  expect(after.runs).toEqual({ recorded: 2, notRecorded: 1 });
  expect(after.steps).toEqual(before.steps);
  const table = await runCli(['report', 'steps', '--journey', 'measured'], { DATABASE_URL: fresh.url, HARPOON_DATA_DIR: fresh.dir });
  expect(table.stdout.split('\n')[0]).toBe('Journey measured (Measured), version 1 (versions published: 1): 2 journeys recorded; 1 begun before step records (not recorded, not counted)');
});

it('records the step a journey is held at by quiet hours, not as a journey begun before step records', async () => {
  // Quiet all day but the last minute: the first email waits, and the journey has not yet reached a wait step.
  const { version } = await h.publish({
    key: 'held',
    name: 'Held',
    policy: { quietHours: { start: '00:00', end: '23:59', weekends: true } },
    stages: [{ key: 'engage', steps: [email('intro', 'intro', ['champion']), { id: 'rest', type: 'wait', duration: '30d' }] }],
  });
  const account = await h.account({ domain: 'held-steps.example', contacts: [{ email: 'champ@held-steps.example', role: 'champion' }] });
  const run = await h.start('held', version, account.id);
  await until('the first email to be held', () => h.db.touch.findFirst({ where: { accountId: account.id, type: 'email_deferred' } }));
  const report = await until('the held journey to record its step', async () => {
    const r = await computeStepReport(h.db, { journey: 'held' });
    return r.runs.recorded === 1 && r;
  }, { timeoutMs: 20_000 });
  expect(report.runs).toEqual({ recorded: 1, notRecorded: 0 });
  expect(report.steps.find((s) => s.stepId === 'intro')).toMatchObject({ entered: 1, stillHere: 1, sent: 0 });
  expect(await h.db.journeyRun.findUniqueOrThrow({ where: { workflowId: run.workflowId } })).toMatchObject({ step: 'intro' });
  await h.stop(run);
});

it('refuses an unknown journey or version through each door, naming the versions there are', async () => {
  const cli = await runCli(['report', 'steps', '--journey', 'measured', '--version', '7'], { DATABASE_URL: fresh.url, HARPOON_DATA_DIR: fresh.dir });
  expect(cli.code).toBe(1);
  expect(cli.stderr.trim()).toBe('harpoon: Journey "measured" has no version 7: its versions are 1.');
  const { secret } = await createApiKey(h.db, { name: 'steps-refusals', role: 'marketing' });
  const auth = { headers: { authorization: `Bearer ${secret}` } };
  expect((await fetch(`${doors.url}/v1/metrics/steps?journey=nope`, auth)).status).toBe(404);
  const bad = await fetch(`${doors.url}/v1/metrics/steps?journey=measured&version=two`, auth);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(await bad.json())).toContain('querystring.version');
  // The report without a subcommand still answers as before.
  await runCliOk(['report', '--journey', 'measured', '--json'], { DATABASE_URL: fresh.url, HARPOON_DATA_DIR: fresh.dir });
});
