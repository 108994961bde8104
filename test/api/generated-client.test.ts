// A client generated from the served OpenAPI document works against the server: types made from
// the document (test/support/openapi-to-ts.ts), a small client program type-checked against them
// with the project's TypeScript in strict mode, then run against the real server and database.
// A success answer the document did not type would leave the program using `unknown`, and the
// type-check fails.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedSampleData } from '../../accounts/seed-sample-data';
import { registerApi } from '../../api/api';
import { projectRoot } from '../../config/env';
import { trackingHandlers } from '../../engagement/tracked-hits';
import { startHttpServer, type HttpServer } from '../../http/server';
import { createApiKey } from '../../use-cases/api-keys';
import { useFreshDb } from '../support/fresh-db';
import { typesFromDocument, type OpenApiDocument } from '../support/openapi-to-ts';
import { testTmpDir } from '../support/paths';

const run = promisify(execFile);
const fresh = useFreshDb();
let server: HttpServer;
let key = '';

beforeAll(async () => {
  await seedSampleData(fresh.db);
  key = (await createApiKey(fresh.db, { name: 'generated client', role: 'marketing' })).secret;
  server = await startHttpServer({
    port: 0,
    secret: 'client-test-secret-0123456789',
    ...trackingHandlers(fresh.db, undefined, { machineWindowMs: 0, countMachine: false }),
    log: () => {},
    routes: (app) => registerApi(app, { db: fresh.db, temporal: () => Promise.reject(new Error('not in this test')), taskQueue: 'client' }),
  });
});
afterAll(() => server?.stop());

/** What a user of the generated types writes: every value it reads is typed by the document. */
const clientProgram = `import type { Paths } from './harpoon-api';

const [base, key] = process.argv.slice(2);
const headers = { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(method + ' ' + path + ': ' + res.status + ' ' + (await res.text()));
  return (await res.json()) as T;
}

type Accounts = Paths['/v1/accounts']['get']['responses'][200];
type Account = Paths['/v1/accounts/{account}']['get']['responses'][200];
type ImportRows = Paths['/v1/accounts/import']['post']['requestBody'];
type Imported = Paths['/v1/accounts/import']['post']['responses'][200];
type Launch = Paths['/v1/journeys/{key}/launch']['post']['requestBody'];

const rows: ImportRows = [{ domain: 'generated-client.example', name: 'Generated Client Co' }];
const imported = await call<Imported>('POST', '/v1/accounts/import', rows);
const tierOne = await call<Accounts>('GET', '/v1/accounts?tier=1');
const first: Account = await call<Account>('GET', '/v1/accounts/' + tierOne[0]!.domain);
// The document's oneOf: a launch names a tier or accounts.
const byTier: Launch = { tier: 3 };
const byList: Launch = { accounts: [first.domain] };

console.log(JSON.stringify({
  created: imported.created,
  tiers: [...new Set(tierOne.map((a) => a.tier))],
  domain: first.domain.toLowerCase(),
  pool: first.pool.status,
  since: typeof first.pool.since,
  buyingGroup: first.buyingGroup.map((c) => c.email.split('@')[1]),
  launches: [byTier, byList].length,
}));
`;

it('types a client from the document that type-checks and works against the server', async () => {
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApiDocument;
  const dir = mkdtempSync(path.join(testTmpDir(), 'client-'));
  writeFileSync(path.join(dir, 'harpoon-api.ts'), typesFromDocument(doc));
  writeFileSync(path.join(dir, 'client.ts'), clientProgram);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: ['node'], noUncheckedIndexedAccess: true }, files: ['client.ts'] }),
  );
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));

  const tsc = await run(process.execPath, [path.join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', dir]).catch((err: { stdout: string }) => err);
  expect(tsc.stdout, 'the client type-checks against the generated types').toBe('');

  const { stdout } = await run(process.execPath, [path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(dir, 'client.ts'), server.url, key]);
  const seen = JSON.parse(stdout) as { created: number; tiers: number[]; domain: string; pool: string; since: string; buyingGroup: string[]; launches: number };
  const tierOne = await fresh.db.account.findMany({ where: { tier: 1 }, include: { contacts: true } });
  expect(seen.created).toBe(1);
  expect(seen.tiers).toEqual([1]);
  expect(tierOne.map((a) => a.domain)).toContain(seen.domain);
  expect(seen.since).toBe('string');
  expect(new Set(seen.buyingGroup)).toEqual(new Set([seen.domain]));
}, 60_000);
