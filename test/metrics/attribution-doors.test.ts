// The three doors to attribution on the same database (attribution-fixture.ts): `harpoon report
// attribution --json`, GET /v1/metrics/attribution and the console's Attribution page give the same
// figures for the same query; the table and the page read as a person expects; each door refuses a
// bad query its own way; `harpoon report` itself still works beside the subcommand.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HttpServer } from '../../http/server';
import { createApiKey } from '../../use-cases/api-keys';
import { runCli } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { useFreshDb } from '../support/fresh-db';
import { november, seedAttributionFixture } from './attribution-fixture';

const SECRET = 'attribution-doors-secret-0123456789';
const t = useFreshDb();
let server: HttpServer;
let env: Record<string, string>;
let key: string;
let cookie: string;

beforeAll(async () => {
  await seedAttributionFixture(t.db);
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  server = await startDoorsWithoutTemporal(t.db, SECRET);
  key = (await createApiKey(t.db, { name: 'attribution', role: 'marketing' })).secret;
  const signIn = await fetch(`${server.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key }).toString() });
  cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(async () => {
  await server?.stop();
});

const api = async (query: Record<string, string>) => {
  const res = await fetch(`${server.url}/v1/metrics/attribution?${new URLSearchParams(query)}`, { headers: { Authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const page = async (query: Record<string, string>) => {
  const res = await fetch(`${server.url}/console/attribution?${new URLSearchParams(query)}`, { headers: { cookie } });
  return { status: res.status, text: await res.text() };
};
const cliArgs = (query: Record<string, string>) => Object.entries(query).flatMap(([name, value]) => [`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value]);

/** The page's table as rows of cells: the key (empty for none), then the figures as shown. */
const pageRows = (html: string) =>
  [...html.matchAll(/<tr(?: data-key="([^"]*)"| id="(attributed|unattributed|total)")>(.*?)<\/tr>/g)].map(([, key, total, cells]) => [
    total ?? key,
    ...[...cells!.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]),
  ]);
const shown = (f: { opportunities: number; pipeline: number; won: number; wonRevenue: number }) => {
  const n = (v: number, places: number) => v.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
  return [n(f.opportunities, 4), `${n(f.pipeline, 2)}\u00a0EUR`, n(f.won, 4), `${n(f.wonRevenue, 2)}\u00a0EUR`];
};

it.each<Record<string, string>>([
  { model: 'w-shaped', by: 'channel' },
  { model: 'u-shaped', by: 'step' },
  { model: 'time-decay', by: 'journey', halfLife: '14d', lookback: '180d' },
  { model: 'linear', by: 'event', journey: 'exec' },
  { model: 'first', by: 'channel', tier: '1' },
])('agrees across the CLI, the API and the console: %o', async (choice) => {
  const query = { ...november, ...choice };
  const cli = await runCli(['report', 'attribution', ...cliArgs(query), '--json'], env);
  expect(cli.stderr).toBe('');
  const fromCli = JSON.parse(cli.stdout);
  const fromApi = await api(query);
  expect(fromApi.status).toBe(200);
  const { generatedAt: _cliAt, ...cliFigures } = fromCli;
  const { generatedAt: _apiAt, ...apiFigures } = fromApi.body;
  expect(apiFigures).toEqual(cliFigures);
  expect(cliFigures.rows.length).toBeGreaterThan(0);

  const fromPage = await page(query);
  expect(fromPage.status).toBe(200);
  expect(pageRows(fromPage.text)).toEqual([
    ...cliFigures.rows.map((r: { key: string | null } & Parameters<typeof shown>[0]) => [r.key ?? '', ...shown(r)]),
    ['attributed', ...shown(cliFigures.attributed)],
    ['unattributed', ...shown(cliFigures.unattributed)],
    ['total', ...shown(cliFigures.total)],
  ]);
});

it('prints a readable table, and `harpoon report` still prints the report beside it', async () => {
  const table = await runCli(['report', 'attribution', '--from', november.from, '--to', november.to], env);
  expect(table.code, table.stderr).toBe(0);
  expect(table.stdout).toContain('Attribution (w-shaped; touches up to 90d before each conversion) by channel for target pool; 2026-11-01 to 2026-11-30 (UTC)');
  expect(table.stdout).toMatch(/\n {2}email +0\.3333 +3,000\.00 EUR +0\.3333 +3,000\.00 EUR\n/);
  expect(table.stdout).toMatch(/\n {2}unattributed \(no touch in the window\) +2\.0000 +3,500\.00 EUR +0\.0000 +0\.00 EUR\n/);
  expect(table.stdout.trimEnd()).toMatch(/\n {2}total +3\.0000 +12,500\.00 EUR +1\.0000 +9,000\.00 EUR$/);

  const report = await runCli(['report', '--from', november.from, '--to', november.to, '--json'], env);
  expect(report.code, report.stderr).toBe(0);
  expect(JSON.parse(report.stdout).midTerm.pipeline).toBe(12_500);
});

it('refuses a bad query at each door in its own words', async () => {
  const cli = await runCli(['report', 'attribution', '--model', 'z-shaped', '--lookback', '3 months'], env);
  expect(cli.code).toBe(1);
  expect(cli.stderr.trim()).toBe('harpoon: --model: expected one of first, last, linear, u-shaped, w-shaped, time-decay; --lookback: expected a duration of at most a year, such as 90d (d days, w weeks, h hours)');
  // Options after the subcommand are its own: the report's --csv is not one of them.
  expect((await runCli(['report', 'attribution', '--csv'], env)).stderr).toMatch(/^error: unknown option '--csv'/);

  const bad = await api({ by: 'colour' });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body.issues)).toContain('querystring.by');
  expect((await api({ journey: 'nope' })).status).toBe(404);
  const sales = await createApiKey(t.db, { name: 'rep', role: 'sales', repEmail: 'anna@keelson.example' });
  expect((await fetch(`${server.url}/v1/metrics/attribution`, { headers: { Authorization: `Bearer ${sales.secret}` } })).status).toBe(403);

  const form = await page({ halfLife: '0d' });
  expect(form.status).toBe(400);
  expect(form.text).toContain('halfLife: expected a duration of at most a year, such as 7d');
  // The page is a top-level one: the navigation names it, marked as the current page.
  expect((await page({})).text).toContain('<a href="/console/attribution" aria-current="page">Attribution</a>');
});

it('is in the API reference with its query and its answer', async () => {
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, any> };
  const route = doc.paths['/v1/metrics/attribution'].get;
  expect(route.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['model', 'by', 'lookback', 'halfLife', 'journey', 'from', 'to']));
  expect(Object.keys(route.responses['200'].content['application/json'].schema.properties)).toEqual(['query', 'period', 'generatedAt', 'currency', 'total', 'attributed', 'unattributed', 'rows']);
});

it('answers a report for a tier and a rep, whose query the API echoes as applied', async () => {
  // The query's transforms (tier "1" to 1, the address lower-cased) run one way only: the answer
  // declares the query as applied, or the serializer could not encode it.
  const query = { ...november, tier: '1', owner: 'Anna@Keelson.example' };
  const fromApi = await api(query);
  expect(fromApi.status).toBe(200);
  expect(fromApi.body.query).toMatchObject({ tier: 1, owner: 'anna@keelson.example', model: 'w-shaped', by: 'channel', lookback: '90d', halfLife: '7d' });
  const cli = await runCli(['report', 'attribution', ...cliArgs(query), '--json'], env);
  expect(cli.stderr).toBe('');
  const { generatedAt: _cliAt, ...cliFigures } = JSON.parse(cli.stdout);
  const { generatedAt: _apiAt, ...apiFigures } = fromApi.body;
  expect(apiFigures).toEqual(cliFigures);
});
