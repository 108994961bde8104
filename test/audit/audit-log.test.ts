// The audit log as an admin reads it: changes made through the API, the console and the command line
// are there with who made them, reads and refusals are not, no address is kept in clear, and the
// database refuses to change or remove an entry.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressTag } from '../../domain/audit/audit-text';
import { createApiKey } from '../../use-cases/api-keys';
import { tempDir } from '../mail/support';
import { startApiWithoutTemporal } from '../support/api-server';
import { runCli, runCliOk } from '../support/cli';

let api: Awaited<ReturnType<typeof startApiWithoutTemporal>>;
const keys = { admin: '', marketing: '' };
const entries = async (query = '') => (await api.call('GET', `/v1/audit${query}`, keys.admin)).body as unknown as { door: string; actor: string; action: string; detail: Record<string, any> }[];

beforeAll(async () => {
  api = await startApiWithoutTemporal('audit-secret-0123456789abcdef', { outboxDir: path.join(tempDir('audit'), 'outbox') });
  keys.admin = (await createApiKey(api.db, { name: 'dpo', role: 'admin' })).secret;
  keys.marketing = (await createApiKey(api.db, { name: 'ops', role: 'marketing' })).secret;
});
afterAll(() => api.stop());

describe('the audit log', () => {
  it('keeps each change made with a key, and no read, check or refused request', async () => {
    expect((await api.call('POST', '/v1/accounts/import', keys.marketing, [{ domain: 'acme.example', name: 'Acme', tier: 1 }])).status).toBe(200);
    expect((await api.call('POST', '/v1/contacts/import', keys.marketing, [{ email: 'mia@acme.example', account_domain: 'acme.example', role: 'champion' }])).status).toBe(200);
    expect((await api.call('GET', '/v1/accounts', keys.marketing)).status).toBe(200);
    expect((await api.call('POST', '/v1/accounts/import', keys.marketing, [{ domain: 'not a domain', name: '' }])).status).toBe(400);
    expect((await api.call('POST', '/v1/journeys/validate', keys.marketing, { key: 'x' })).status).not.toBe(500);
    expect((await api.call('POST', '/v1/contacts/mia@acme.example/erase', keys.admin, { reason: 'her request' })).status).toBe(200);

    expect((await api.call('GET', '/v1/audit', keys.marketing)).status).toBe(403);
    const log = await entries();
    expect(log.map((e) => [e.door, e.actor, e.action])).toEqual([
      ['key', 'key "dpo" (admin)', 'POST /v1/contacts/:ref/erase'],
      ['key', 'key "ops" (marketing)', 'POST /v1/contacts/import'],
      ['key', 'key "ops" (marketing)', 'POST /v1/accounts/import'],
    ]);
    // The erased person's address is kept as its tag, never in clear.
    expect(log[0]!.detail).toEqual({ params: { ref: addressTag('mia@acme.example') }, query: {}, status: 200 });
    expect(JSON.stringify(log)).not.toContain('mia@acme.example');
    expect((await entries('?action=import&limit=1')).map((e) => e.action)).toEqual(['POST /v1/contacts/import']);
    expect((await api.call('GET', '/v1/audit?from=2026-13-01', keys.admin)).status).toBe(400);
    // A spreadsheet's open end is the log up to now, not an error the database gives.
    const today = new Date().toISOString().slice(0, 10);
    expect((await entries(`?from=${today}&to=9999-12-31`)).length).toBe(log.length);
  });

  it('keeps what is done in the console, with who signed in, and shows the log to admins only', async () => {
    const signIn = await fetch(`${api.server.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key: keys.admin }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(`${api.server.url}/console/audit?action=erase`, { headers: { cookie } });
    const text = await page.text();
    expect(page.status).toBe(200);
    expect(text).toContain('POST /v1/contacts/:ref/erase');
    expect(text).not.toContain('POST /v1/accounts/import');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text)![1]!;
    const out = await fetch(`${api.server.url}/console/sign-out`, { method: 'POST', redirect: 'manual', headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }) });
    expect(out.status).toBeLessThan(400);
    expect((await entries('?limit=1')).map((e) => [e.door, e.actor, e.action])).toEqual([['console', 'console admin (key "dpo")', 'POST /console/sign-out']]);

    const marketing = (await fetch(`${api.server.url}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ key: keys.marketing }) })).headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${api.server.url}/console/audit`, { headers: { cookie: marketing } })).status).toBe(403);
  });

  it('keeps each command that changes something, with the user who ran it; `harpoon audit` reads it', async () => {
    const env = { DATABASE_URL: api.url };
    await runCliOk(['keys', 'create', '--role', 'marketing', '--name', 'crm sync'], env);
    await runCliOk(['keys', 'list'], env);
    const read = await runCli(['audit', '--action', 'keys', '--json'], env);
    expect(read.code, read.stderr).toBe(0);
    const found = JSON.parse(read.stdout) as { door: string; actor: string; action: string; detail: Record<string, any> }[];
    expect(found).toEqual([
      { id: expect.any(String), at: expect.any(String), door: 'cli', actor: expect.stringMatching(/^cli \S+@\S+$/), action: 'keys create', detail: { arguments: [], options: { role: 'marketing', name: 'crm sync' } } },
    ]);
    // Reading the log is not itself an entry.
    expect((await entries('?limit=1'))[0]!.action).toBe('keys create');
    // A command whose optional argument is left out (`accounts score --all`, no domain) is kept too.
    const scored = await runCli(['accounts', 'score', '--all'], env);
    expect([scored.code, scored.stderr]).toEqual([0, '']);
    expect(await entries('?action=accounts%20score')).toEqual([expect.objectContaining({ action: 'accounts score', detail: { arguments: [null], options: { all: true } } })]);
    // An erasure's reason names the person more often than not: the log, which nothing can change
    // later, keeps it as the suppression does, without her address or her name.
    const acme = await api.db.account.findUniqueOrThrow({ where: { domain: 'acme.example' } });
    await api.db.contact.create({ data: { email: 'bjorn.dubois@acme.example', firstName: 'Björn', lastName: 'Dubois', accountId: acme.id, role: 'user' } });
    const reason = 'Request by email from Bjorn.Dubois@acme.example (Björn Dubois), ticket 7; Dubois confirmed';
    await runCliOk(['contacts', 'erase', 'bjorn.dubois@acme.example', '--reason', reason], { ...env, HARPOON_DATA_DIR: tempDir('audit-erase') });
    const kept = 'Request by email from [erased] ([erased]), ticket 7; [erased] confirmed';
    expect((await api.db.suppression.findFirstOrThrow({ where: { reason: { contains: 'ticket 7' } } })).reason).toBe(kept);
    expect((await entries('?action=contacts%20erase'))[0]!.detail.options.reason).toBe(kept);
    // A search ignores case on every database, as a person typing it expects.
    expect((await entries('?action=KEYS%20Create&actor=CLI')).map((e) => e.action)).toEqual(['keys create']);
    // The API answers the very entries the CLI prints, every field of each (nothing dropped).
    const all = await runCli(['audit', '--json'], env);
    expect(all.code, all.stderr).toBe(0);
    expect(await entries()).toEqual(JSON.parse(all.stdout));
  });

  it('cannot be changed or cut short, even by hand in the database', async () => {
    await expect(api.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "actor" = 'nobody'`)).rejects.toThrow(/append-only/);
    await expect(api.db.$executeRawUnsafe(`DELETE FROM "AuditEntry"`)).rejects.toThrow(/append-only/);
    expect((await entries()).length).toBe(7);
  });

  it('reads past its limit page by page, entries of one instant neither skipped nor repeated', async () => {
    const at = new Date('2026-12-02T10:00:00Z');
    await api.db.auditEntry.createMany({ data: ['a', 'b', 'c', 'd', 'e'].map((n) => ({ door: 'cli', actor: 'cli pager', action: `page ${n}`, at })) });
    const all = (await entries('?actor=pager&limit=10')).map((e) => e.action);
    expect(all.toSorted()).toEqual(['page a', 'page b', 'page c', 'page d', 'page e']);
    const read: string[] = [];
    let before = '';
    for (let page = 0; page < 4; page++) {
      const got = (await api.call('GET', `/v1/audit?actor=pager&limit=2${before}`, keys.admin)).body as unknown as { id: string; action: string }[];
      read.push(...got.map((e) => e.action));
      if (got.length < 2) break;
      before = `&before=${got.at(-1)!.id}`;
    }
    expect(read).toEqual(all);
    const unknown = await api.call('GET', '/v1/audit?before=no-such-entry', keys.admin);
    expect([unknown.status, unknown.body.error]).toEqual([400, 'querystring.before: no audit entry has the id "no-such-entry", expected the id of the last entry of the page before']);
    const cli = await runCliOk(['audit', '--actor', 'pager', '--limit', '2'], { DATABASE_URL: api.url });
    expect(cli.stdout.trim().split('\n').at(-1)).toMatch(/^\(2 shown; for the ones after them: the same command with --before \S+\)$/);
  });
});
