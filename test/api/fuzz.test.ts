// Every /v1 operation fuzzed from the served OpenAPI document by schemathesis, once for each key
// role, against the real server on a real database file holding the sample data: no answer may be a
// server error, a status or content type the document does not declare for the operation, a body
// that breaks the declared schema, or anything but 405 to a method the path does not have. A failure prints schemathesis' report (with a curl line to reproduce each case).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleData } from '../../accounts/seed-sample-data';
import { registerApi } from '../../api/api';
import { projectRoot } from '../../config/env';
import { registerConsole } from '../../console/console';
import { apiRoles, type ApiRole } from '../../domain/access/roles';
import { trackingHandlers } from '../../engagement/tracked-hits';
import { ApiError } from '../../http/errors';
import { startHttpServer, type HttpServer } from '../../http/server';
import { publishJourneyFile } from '../../journeys/catalog';
import { createEventFromFile } from '../../programme-events/event-file';
import { createApiKey } from '../../use-cases/api-keys';
import { findSchemathesis, missingSchemathesisAdvice } from '../../scripts/schemathesis.mjs';
import { freshDb, type FreshDb } from '../support/fresh-db';
import { testTmpDir } from '../support/paths';

const SECRET = 'fuzz-test-secret-0123456789';
/** Cases per operation and role: enough to find a missing status or a schema hole, small enough for ~60 s on 2 cores. */
const EXAMPLES_PER_OPERATION = 5;
/**
 * The operations (by tag) each role is fuzzed on: those it may call. The others answer it 403
 * before reading anything, which test/api/api.test.ts checks once per role.
 */
const tagsOf: Record<ApiRole, string> = { marketing: '^(?!sales tasks$)', sales: '^(accounts|sales tasks)$', admin: '' };
const checks = ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance', 'content_type_conformance', 'unsupported_method'];

let fresh: FreshDb | undefined;
let server: HttpServer;
const keys = {} as Record<ApiRole, string>;
const serverLog: string[] = [];

beforeAll(async () => {
  fresh = await freshDb();
  const { db } = fresh;
  await seedSampleData(db);
  for (const file of ['tier1-executive.yaml', 'tier3-nurture.yaml']) await publishJourneyFile(db, `${projectRoot}/journeys/${file}`);
  for (const file of ['exec-roundtable-2027.yaml', 'line-feeding-webinar-2027.yaml']) await createEventFromFile(db, `${projectRoot}/samples/events/${file}`);
  for (const role of apiRoles) {
    keys[role] = (await createApiKey(db, { name: `fuzz ${role}`, role, ...(role === 'sales' ? { repEmail: 'anna.keller@keelson.example' } : {}) })).secret;
  }
  // Temporal is away, as the real server answers then: the routes that need it say 503.
  const temporal = () => Promise.reject(new ApiError(503, 'Temporal is unreachable in this test; try again when it is back'));
  server = await startHttpServer({
    port: 0,
    secret: SECRET,
    ...trackingHandlers(db, undefined, { machineWindowMs: 0, countMachine: false }),
    log: (line) => serverLog.push(line),
    routes: async (app) => {
      await registerApi(app, { db, temporal, taskQueue: 'fuzz' });
      // The console too, so the document is the one the real server serves (its pages stay out of it).
      await registerConsole(app, { db, temporal, taskQueue: 'fuzz', secret: SECRET, temporalUi: { url: 'http://localhost:8233', namespace: 'default' } });
    },
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await fresh?.db.$disconnect();
});

/**
 * 503 is the API's declared answer while Temporal is unreachable, which it is here on purpose; any
 * other 5xx (a 500 above all) still fails the run.
 */
const configToml = `[checks.not_a_server_error]
expected-statuses = ["2xx", "3xx", "4xx", "503"]

# A journey definition is a large recursive schema: generating many costs most of a minute, and
# two cases (each a whole definition) reach the validator as well.
[[operations]]
include-path = ["/v1/journeys", "/v1/journeys/validate"]
include-method = "POST"
generation.max-examples = 2
phases.coverage.enabled = false
`;

function schemathesis(args: string[]): Promise<{ code: number | null; output: string }> {
  const found = findSchemathesis(projectRoot);
  if (!found) throw new Error(missingSchemathesisAdvice);
  // Its own folder to run in: schemathesis keeps a cache of failures in .schemathesis/ where it runs.
  const dir = mkdtempSync(path.join(testTmpDir(), 'fuzz-'));
  writeFileSync(path.join(dir, 'schemathesis.toml'), configToml);
  return new Promise((resolve, reject) => {
    const child = spawn(found.path, ['--config-file', 'schemathesis.toml', ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_HOOKS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the /v1 API under generated requests', () => {
  it('serves a document without the console pages or signed links, every operation with a success response', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/v1/'))).toEqual([]);
    const withoutSuccess = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !Object.keys(op.responses).some((status) => status.startsWith('2')))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(withoutSuccess).toEqual([]);
    // A route without a response schema still gets a bodiless "Default Response": every success must
    // carry its schema (JSON, or the media type of a file such as the audiences' text/csv), or the
    // serializer would pass the answer through unchecked.
    const untyped = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        Object.entries(op.responses)
          .filter(([status, response]) => status.startsWith('2') && !Object.values((response as { content?: Record<string, { schema?: unknown }> }).content ?? {}).some((c) => c.schema))
          .map(([status]) => `${method.toUpperCase()} ${path} ${status}`),
      ),
    );
    expect(untyped).toEqual([]);
  });

  it.each(apiRoles)('answers every generated request with a %s key as the document says', async (role) => {
    const { code, output } = await schemathesis([
      'run',
      `${server.url}/openapi.json`,
      '--checks',
      checks.join(','),
      '--header',
      `Authorization: Bearer ${keys[role]}`,
      ...(tagsOf[role] ? ['--include-tag-regex', tagsOf[role]] : []),
      '--max-examples',
      String(EXAMPLES_PER_OPERATION),
      '--seed',
      '24',
      '--workers',
      '1',
      '--no-shrink',
      '--phases',
      'examples,coverage,fuzzing',
      '--max-response-time',
      '10',
    ]);
    expect(code, `schemathesis with a ${role} key:\n${output}\n${serverLog.join('\n')}`).toBe(0);
  }, 120_000);
});
