// `harpoon admin setup` against a real dev server started the way a fresh cluster is: without
// Harpoon's search attributes. The first run registers them, the second finds nothing to do; a
// namespace that does not exist, or an attribute of another type, is refused in words.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DevServer } from '../../temporal/dev-server';
import { harpoonSearchAttributes } from '../../temporal/search-attributes';
import { runCli } from '../support/cli';
import { startTestDevServer } from '../support/dev-server';

const { IndexedValueType } = proto.temporal.api.enums.v1;
let server: DevServer;
let connection: Connection;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startTestDevServer({ registerSearchAttributes: false });
  connection = await Connection.connect({ address: server.address });
  env = { TEMPORAL_ADDRESS: server.address, HARPOON_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'harpoon-admin-')) };
});
afterAll(async () => {
  await connection?.close();
  await server?.stop();
});

const customAttributes = async (namespace: string) =>
  (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};

it('registers the search attributes once, and says nothing was needed the second time', async () => {
  const names = harpoonSearchAttributes.map((k) => k.name);
  expect(Object.keys(await customAttributes('default'))).not.toContain('AccountId');

  const first = await runCli(['admin', 'setup'], env);
  expect(first.stderr).toBe('');
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toContain(`Temporal at ${server.address}, namespace "default": exists.`);
  expect(first.stdout).toMatch(/AccountId +Keyword +added/);
  expect(first.stdout).toMatch(/EngagementScore +Int +added/);
  expect(first.stdout).toContain(`Registered ${names.length} search attributes; 0 were already there.`);

  const registered = await customAttributes('default');
  for (const key of harpoonSearchAttributes) {
    expect(registered[key.name], key.name).toBe(
      key.type === 'INT' ? IndexedValueType.INDEXED_VALUE_TYPE_INT : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    );
  }

  const second = await runCli(['admin', 'setup'], env);
  expect(second.code, second.stderr).toBe(0);
  expect(second.stdout).toContain('Nothing to do: every search attribute was already registered.');
  expect(second.stdout).not.toMatch(/ added$/m);

  const json = JSON.parse((await runCli(['admin', 'setup', '--json'], env)).stdout);
  expect(json.namespace).toBe('default');
  expect(json.searchAttributes.map((a: { name: string; status: string }) => [a.name, a.status])).toEqual(names.map((n) => [n, 'present']));
});

it('refuses a namespace that does not exist, naming TEMPORAL_NAMESPACE and the fix', async () => {
  const run = await runCli(['admin', 'setup'], { ...env, TEMPORAL_NAMESPACE: 'no-such-namespace' });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain('Namespace "no-such-namespace" does not exist');
  expect(run.stderr).toContain('TEMPORAL_NAMESPACE=no-such-namespace');
  expect(run.stderr).toContain('temporal operator namespace create --namespace no-such-namespace');
  expect(run.stderr).not.toMatch(/^\s+at /m);
});

it('refuses an attribute registered with another type, and registers nothing', async () => {
  await connection.workflowService.registerNamespace({ namespace: 'clash', workflowExecutionRetentionPeriod: msToTs('1 day') });
  await connection.operatorService.addSearchAttributes({
    namespace: 'clash',
    searchAttributes: { EngagementScore: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
  });
  const run = await runCli(['admin', 'setup'], { ...env, TEMPORAL_NAMESPACE: 'clash' });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('Namespace "clash" has search attributes of the wrong type');
  expect(run.stderr).toContain('EngagementScore is registered as Keyword, but Harpoon writes it as Int');
  expect(Object.keys(await customAttributes('clash'))).toEqual(['EngagementScore']);
});
