// The launch's holdout override as a user gives it: `journeys launch --holdout`, the API launch
// body's `holdout` and the console's launch form refuse a share outside 0–50 % with the same words,
// before anything is started; and the API's launch body names the one of its two choices (tier or
// accounts) that is wrong.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../use-cases/api-keys';
import type { HttpServer } from '../../http/server';
import { runCli } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let server: HttpServer;
beforeAll(async () => {
  server = await startDoorsWithoutTemporal(t.db, 'holdout-option-secret-0123456789');
});
afterAll(async () => {
  await server?.stop();
});

const tooMuch = 'expected a share of at most 0.5: holding out more than half leaves the journey itself too few accounts';

it('refuses a share over half or one it cannot read, on the command line, in the API and in the console', async () => {
  const env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  const cli = await runCli(['journeys', 'launch', 'exec', '--tier', '1', '--holdout', '60%'], env);
  expect([cli.code, cli.stderr.trim()]).toEqual([1, `harpoon: --holdout: ${tooMuch}`]);
  const words = await runCli(['journeys', 'launch', 'exec', '--tier', '1', '--holdout', 'a tenth'], env);
  expect(words.stderr.trim()).toBe('harpoon: --holdout: expected a share such as 10% or 0.1, not "a tenth"');

  const key = await createApiKey(t.db, { name: 'launch', role: 'marketing' });
  const res = await fetch(`${server.url}/v1/journeys/exec/launch`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key.secret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ tier: 1, holdout: '60%' }),
  });
  expect(res.status).toBe(400);
  expect(JSON.stringify(await res.json())).toContain(tooMuch);

  const signIn = await fetch(`${server.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key: key.secret }).toString() });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const form = await (await fetch(`${server.url}/console/journeys`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
  const launch = await fetch(`${server.url}/console/journeys/launch`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, journey: 'exec', tier: '1', holdout: '60%' }).toString(),
  });
  expect(launch.status).toBe(400);
  expect((await launch.text()).replaceAll('&#39;', "'")).toContain(`holdout: ${tooMuch}`);
});

it('names the field of a launch body that is wrong, and asks for one of the two when it has both or neither', async () => {
  const key = await createApiKey(t.db, { name: 'launch-body', role: 'marketing' });
  const launch = async (body: unknown) => {
    const res = await fetch(`${server.url}/v1/journeys/exec/launch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key.secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return [res.status, ((await res.json()) as { issues: { message: string }[] }).issues.map((i) => i.message)];
  };
  expect(await launch({ tier: 9 })).toEqual([400, ['tier: 9 is not a tier, expected 1, 2 or 3']]);
  expect(await launch({ accounts: [] })).toEqual([400, ['accounts: expected a list of 1 to 10,000 account domains or ids']]);
  const choice = 'expected exactly one of tier (1, 2 or 3) or accounts (a list of account domains or ids)';
  expect(await launch({ tier: 1, accounts: ['a.example'] })).toEqual([400, [choice]]);
  expect(await launch({})).toEqual([400, [choice]]);
});
