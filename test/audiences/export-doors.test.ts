// A tier's and a journey's ad audience through the three doors on one database: who is in it, who
// is left out and counted, and the same bytes from `harpoon audiences export`, GET
// /v1/audiences/export and the console's download.
//
//   tier 1  acme.example    target   ann (subscribed: the one row), and one each unsubscribed,
//                                    do-not-contact, bounced, erased, and suppressed (hash listed)
//           neg.example     excluded by the negative-list rule domain:neg.example
//           held.example    target, held out of journey exec
//           cand.example    candidate (not a target)
//   tier 2  paused.example  target, journey exec paused for it
//           done.example    target, journey exec completed for it (not a journey contact any more)
//   journey exec: running for acme, paused for paused.example, holds out held.example
// GET /v1/audiences/summary gives the CLI's counts for the same selection, as JSON.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AudienceSummary } from '../../domain/audiences/summary';
import { emailHash, erasedAddress } from '../../domain/privacy/erasure';
import { sha256Hex } from '../../domain/audiences/match-keys';
import type { HttpServer } from '../../http/server';
import { createApiKey } from '../../use-cases/api-keys';
import { runCli } from '../support/cli';
import { startDoorsWithoutTemporal } from '../support/doors-without-temporal';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let server: HttpServer;
let marketingKey: string;

async function account(domain: string, tier: number, poolStatus: string, contacts: { email: string; consent?: string; erasedAt?: Date }[]) {
  return t.db.account.create({ data: { domain, name: domain.split('.')[0]!.toUpperCase(), tier, poolStatus, country: 'DE', contacts: { create: contacts.map((c) => ({ role: 'champion', firstName: 'Pat', lastName: 'Lee', ...c })) } } });
}

beforeAll(async () => {
  const db = t.db;
  await db.journeyVersion.create({ data: { key: 'exec', version: 1, name: 'exec', definition: { holdout: { share: 0.2, seed: 's' } }, checksum: 'exec' } });
  const acme = await account('acme.example', 1, 'target', [
    { email: 'ann@acme.example' },
    { email: 'unsub@acme.example', consent: 'unsubscribed' },
    { email: 'dnc@acme.example', consent: 'do_not_contact' },
    { email: 'bounced@acme.example', consent: 'bounced' },
    { email: 'suppressed@acme.example' },
  ]);
  await db.contact.create({ data: { accountId: acme.id, email: erasedAddress('gone'), erasedAt: new Date(), role: 'user' } });
  await db.suppression.create({ data: { emailHash: emailHash('suppressed@acme.example'), reason: 'erased' } });
  await account('neg.example', 1, 'excluded', [{ email: 'n@neg.example' }]);
  await db.negativeRule.create({ data: { kind: 'domain', value: 'neg.example', reason: 'competitor' } });
  const held = await account('held.example', 1, 'target', [{ email: 'h@held.example' }]);
  await db.holdoutAssignment.create({ data: { journeyKey: 'exec', accountId: held.id, group: 'held_out', stratum: 'tier 1', share: 0.2, seed: 's', launch: 'launch 2026-11-01T00:00:00.000Z' } });
  await account('cand.example', 1, 'candidate', [{ email: 'c@cand.example' }]);
  const paused = await account('paused.example', 2, 'target', [{ email: 'p@paused.example' }]);
  const done = await account('done.example', 2, 'target', [{ email: 'd@done.example' }]);
  for (const [a, status] of [[acme, 'running'], [paused, 'paused'], [done, 'completed']] as const) {
    await db.journeyRun.create({ data: { workflowId: `journey/exec/${a.id}`, journeyKey: 'exec', journeyVersion: 1, accountId: a.id, status } });
  }
  server = await startDoorsWithoutTemporal(db, 'audiences-doors-secret-0123456789');
  marketingKey = (await createApiKey(db, { name: 'audiences', role: 'marketing' })).secret;
});
afterAll(async () => {
  await server?.stop();
});

const cli = (args: string[]) => runCli(['audiences', 'export', ...args], { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir });
const api = (query: string, key = marketingKey) => fetch(`${server.url}/v1/audiences/export?${query}`, { headers: { Authorization: `Bearer ${key}` } });
const hashesIn = (csv: string) => csv.trim().split('\n').slice(1).map((line) => line.split(',')[0]);

it("exports a tier's subscribed people of target accounts, and counts everyone it leaves out by reason", async () => {
  const out = path.join(t.dir, 'tier1.csv');
  const res = await cli(['--tier', '1', '--format', 'linkedin', '--out', out, '--json']);
  expect(res.stderr).toBe('');
  const summary = JSON.parse(res.stdout) as AudienceSummary;
  expect(summary).toMatchObject({ audience: 'tier 1', format: 'linkedin', accounts: 4, contacts: 9, rows: 1, duplicates: 0 });
  expect(summary.excluded).toEqual({ erased: 1, suppressed: 1, do_not_contact: 1, unsubscribed: 1, bounced: 1, negative_list: 1, not_target: 1, held_out: 1 });
  const csv = readFileSync(out, 'utf8');
  expect(csv).toBe(`email,firstname,lastname,jobtitle,employeecompany,country,googleaid\n${sha256Hex('ann@acme.example')},Pat,Lee,,ACME,DE,\n`);

  const lines = (await cli(['--tier', '1', '--format', 'google', '--out', out])).stdout;
  expect(lines).toContain(`tier 1 for Google Customer Match: 1 row in ${out}, from 9 contacts of 4 accounts`);
  expect(lines).toContain("  left out: 1 in an account held out of a journey's holdout group");
  expect(lines).toContain('  left out: 1 erased on their request');

  const fromApi = await fetch(`${server.url}/v1/audiences/summary?tier=1&format=linkedin`, { headers: { Authorization: `Bearer ${marketingKey}` } });
  expect(fromApi.status).toBe(200);
  const body = (await fromApi.json()) as AudienceSummary & { lines: string[] };
  const { file: _file, ...counts } = summary as AudienceSummary & { file: string };
  expect(body).toMatchObject({ ...counts, lines: expect.arrayContaining(['tier 1 for LinkedIn Matched Audiences: 1 row, from 9 contacts of 4 accounts', '  left out: 1 unsubscribed']) });
  expect(body.excluded).toEqual(summary.excluded);
});

it("exports a journey's running and paused accounts, not its ended runs or its held-out group", async () => {
  const res = await api('journey=exec&format=linkedin');
  expect(res.status).toBe(200);
  const csv = await res.text();
  expect(hashesIn(csv)).toEqual([sha256Hex('ann@acme.example'), sha256Hex('p@paused.example')]);
  expect(csv).not.toContain(sha256Hex('d@done.example'));
  expect(csv).not.toContain(sha256Hex('h@held.example'));
});

it('gives the same bytes through the CLI, the API and the console', async () => {
  const out = path.join(t.dir, 'same.csv');
  const exported = await cli(['--journey', 'exec', '--format', 'google', '--out', out]);
  expect(exported.code, exported.stderr).toBe(0);
  const fromCli = readFileSync(out);

  const res = await api('journey=exec&format=google');
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="harpoon-audience-journey-exec-google-\d{4}-\d\d-\d\d\.csv"$/);
  const fromApi = Buffer.from(await res.arrayBuffer());
  expect(fromApi.equals(fromCli)).toBe(true);

  const signIn = await fetch(`${server.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key: marketingKey }).toString() });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${server.url}/console/audiences`, { headers: { cookie } })).text();
  expect(page).toContain('action="/console/audiences.csv"');
  const download = await fetch(`${server.url}/console/audiences.csv?tier=&journey=exec&format=google`, { headers: { cookie } });
  expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="harpoon-audience-journey-exec-google-/);
  expect(Buffer.from(await download.arrayBuffer()).equals(fromCli)).toBe(true);
  const wrong = await fetch(`${server.url}/console/audiences.csv?tier=1&journey=exec&format=google`, { headers: { cookie } });
  expect(wrong.status).toBe(400);
  expect(await wrong.text()).toContain('give exactly one of &quot;tier&quot;');
});

it('refuses a bad selection, an unknown journey and a sales key, and declares the CSV in the API document', async () => {
  const both = await api('tier=1&journey=exec&format=google');
  expect(both.status).toBe(400);
  expect(JSON.stringify(await both.json())).toContain('give exactly one of');
  expect((await api('journey=nope&format=google')).status).toBe(404);
  expect((await api('tier=1&format=facebook')).status).toBe(400);
  await t.db.salesRep.create({ data: { email: 'rep@harpoon.example', name: 'Rep' } });
  const sales = await createApiKey(t.db, { name: 'rep', role: 'sales', repEmail: 'rep@harpoon.example' });
  expect((await api('tier=1&format=google', sales.secret)).status).toBe(403);

  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }> };
  expect(Object.keys(doc.paths['/v1/audiences/export']!.get.responses['200']!.content!)).toEqual(['text/csv']);
  const summary = (query: string, key = marketingKey) => fetch(`${server.url}/v1/audiences/summary?${query}`, { headers: { Authorization: `Bearer ${key}` } });
  expect((await summary('journey=nope&format=google')).status).toBe(404);
  expect((await summary('tier=1&journey=exec&format=google')).status).toBe(400);
  expect((await summary('tier=1&format=google', sales.secret)).status).toBe(403);

  const refused = await cli(['--tier', '1', '--journey', 'exec', '--format', 'google', '--out', path.join(t.dir, 'x.csv')]);
  expect([refused.code, refused.stderr]).toEqual([1, "harpoon: --tier: give exactly one of --tier (a tier's target accounts) or --journey (the accounts a journey is running or paused for)\n"]);
  const unwritable = await cli(['--tier', '1', '--format', 'google', '--out', path.join(t.dir, 'no-such-folder', 'x.csv')]);
  expect([unwritable.code, unwritable.stderr]).toEqual([1, `harpoon: --out: cannot write ${path.join(t.dir, 'no-such-folder', 'x.csv')} (ENOENT); give a file in an existing folder you can write to\n`]);
});
