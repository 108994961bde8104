// Payload encryption on real parts: the Temporal dev server, the worker as `npm run worker` builds
// it, a mail relay on loopback and the HTTP server. A journey is started by a client that still
// holds only the old key (k2025) while the worker already encrypts with the new one (k2026), as in
// the middle of a rotation. Its raw history, read with no codec, must show no account data: every
// payload binary/encrypted, the account's id, domain, name and contact's email nowhere in them, and
// the search attributes holding IDs and labels only. The codec endpoint decodes the history back
// for an admin key and for nobody else.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTrackingServer } from '../../app/tracking-server';
import { createApiKey } from '../../use-cases/api-keys';
import { launchForAccounts } from '../../use-cases/launch';
import { loadConfig } from '../../config/env';
import type { HttpServer } from '../../http/server';
import { publishJourneyFile } from '../../journeys/catalog';
import { temporalCliPath } from '../../temporal/binaries';
import { connectClient } from '../../temporal/connection';
import { startWorkerProcess } from '../../worker/worker-process';
import { runCli } from '../support/cli';
import { sayHttpFailures, startDevClusterWithRelay, type ClusterWithRelay } from '../support/dev-cluster';
import { until } from '../support/until';

type Payload = temporal.api.common.v1.IPayload;
const execFileAsync = promisify(execFile);
const k2025 = randomBytes(32).toString('base64');
const k2026 = randomBytes(32).toString('base64');

let cluster: ClusterWithRelay;
let http: HttpServer;

beforeAll(async () => {
  cluster = await startDevClusterWithRelay({ HARPOON_CODEC_KEYS: `k2025:${k2025},k2026:${k2026}`, HARPOON_CODEC_KEY_ID: 'k2026' });
  http = await startTrackingServer(cluster.cfg, cluster.fresh.db, undefined, sayHttpFailures, cluster.client);
});
afterAll(async () => {
  await http?.stop();
  await cluster?.stop();
});

/**
 * Every payload in a raw history, with where it is: whether it sits in a search attribute (which no
 * codec sees), and `at`, its path in the history.
 */
function payloadsOf(value: unknown, inSearchAttributes = false, found: { payload: Payload; searchAttribute: boolean; at: string }[] = [], at = '') {
  // A Payload message: metadata (a map of byte strings) and data, nothing else of either shape.
  const maybe = value as Payload | null;
  if (maybe && typeof maybe === 'object' && maybe.data instanceof Uint8Array && maybe.metadata && typeof maybe.metadata === 'object') {
    found.push({ payload: maybe, searchAttribute: inSearchAttributes, at });
  } else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const [key, child] of Object.entries(value)) payloadsOf(child, inSearchAttributes || /searchAttributes/i.test(key), found, `${at}.${key}`);
  }
  return found;
}

/** Every string and byte string anywhere in a raw history, as text. */
function textsOf(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (value instanceof Uint8Array) found.push(Buffer.from(value).toString('latin1'));
  else if (value && typeof value === 'object') for (const child of Object.values(value)) textsOf(child, found);
  return found;
}

const utf8 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const asJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

async function codec(action: 'encode' | 'decode', payloads: unknown[], key?: string, origin?: string) {
  const res = await fetch(`${http.url}/codec/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(origin ? { Origin: origin } : {}) },
    body: JSON.stringify({ payloads }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { payloads: { metadata: Record<string, string>; data?: string }[]; error?: string } };
}

it('keeps account data out of the raw history, across a key rotation, and decodes it back for an admin only', async () => {
  const { db } = cluster.fresh;
  const account = await db.account.create({ data: { domain: 'vaultline-optics.example', name: 'Vaultline Optics GmbH', tier: 1, poolStatus: 'target' } });
  const contact = await db.contact.create({
    data: { accountId: account.id, email: 'ines.okafor@vaultline-optics.example', firstName: 'Ines', lastName: 'Okafor', role: 'champion', consent: 'subscribed' },
  });
  const file = path.join(cluster.fresh.dir, 'sealed.yaml');
  writeFileSync(
    file,
    [
      'key: sealed',
      'name: Sealed',
      'policy: { quietHours: { start: "00:00", end: "00:00", weekends: false }, perContact: { minGapHours: 0, max: 10 }, perAccount: { max: 50 } }',
      'stages:',
      '  - key: engage',
      '    steps:',
      '      - { id: hello, type: email, template: intro, audience: { roles: [champion] } }',
    ].join('\n'),
  );
  await publishJourneyFile(db, file);

  // A client from before the rotation: it knows k2025 only, and encrypts the start with it.
  const before = await connectClient(loadConfig({ ...process.env, ...cluster.env, HARPOON_CODEC_KEYS: `k2025:${k2025}`, HARPOON_CODEC_KEY_ID: '' }));
  try {
    const launched = await launchForAccounts(db, before, cluster.cfg.temporal.taskQueue, 'sealed', [account]);
    expect(launched.started).toEqual([account.domain]);
  } finally {
    await before.connection.close();
  }
  const workflowId = `journey/sealed/${account.id}`;
  await until('the journey to send its email and complete', async () => (await db.journeyRun.findUnique({ where: { workflowId } }))?.status === 'completed', { timeoutMs: 60_000 });
  expect(await db.emailSend.count({ where: { contactId: contact.id, status: 'sent' } })).toBe(1);
  // The CLI (compiled, scripts/build-cli.mjs) holds the keys too: the journey's live answer to its
  // query comes back encrypted and reads.
  const status = await runCli(['journeys', 'status', account.domain, '--json'], cluster.env);
  expect(status.stderr).toBe("");
  expect(status.code, status.stderr).toBe(0);
  expect(JSON.parse(status.stdout).journeys).toEqual([expect.objectContaining({ workflowId: `journey/sealed/${account.id}`, liveError: null, engagementScore: 0 })]);

  // The history as the cluster's operator sees it: the raw gRPC answer, no codec.
  const { history } = await cluster.client.workflowService.getWorkflowExecutionHistory({ namespace: cluster.cfg.temporal.namespace, execution: { workflowId } });
  const found = payloadsOf(history);
  // The SDK's own bookkeeping in markers is written by the worker's core, past the codec: the IDs of
  // patches and a local activity's type, attempt and times. Its result goes through the codec.
  const bookkeeping = (at: string) => /markerRecordedEventAttributes\.details\.(patch-data|data)\./.test(at);
  const payloads = found.filter((f) => !f.searchAttribute && !bookkeeping(f.at)).map((f) => f.payload);
  const markers = found.filter((f) => bookkeeping(f.at)).map((f) => JSON.parse(utf8(f.payload.data)) as { id?: string; activity_type?: string });
  expect(markers.length).toBeGreaterThan(0);
  for (const m of markers) expect(Object.keys(m).every((k) => ['id', 'deprecated', 'seq', 'attempt', 'activity_id', 'activity_type', 'complete_time', 'backoff', 'original_schedule_time'].includes(k))).toBe(true);
  expect(payloads.length).toBeGreaterThan(5);
  for (const p of payloads) expect(utf8(p.metadata?.encoding)).toBe('binary/encrypted');
  // Both keys of the rotation wrote into this one history: the start (old client) and the worker's.
  expect(new Set(payloads.map((p) => utf8(p.metadata?.['encryption-key-id'])))).toEqual(new Set(['k2025', 'k2026']));
  const secrets = [account.id, account.domain, account.name, contact.email, 'Okafor'];
  for (const p of payloads) {
    const raw = Buffer.from(p.data ?? []).toString('latin1');
    for (const secret of secrets) expect(raw).not.toContain(secret);
  }
  // What stays in clear is the workflow ID and the search attributes: IDs and labels, never a name,
  // a domain or an address.
  const everything = textsOf(history).join('\n');
  for (const secret of [account.domain, account.name, contact.email, 'Okafor']) expect(everything).not.toContain(secret);
  const searchValues = found.filter((f) => f.searchAttribute).map((f) => utf8(f.payload.data));
  expect(searchValues).toContain(JSON.stringify(account.id));

  // The codec endpoint: the start event's input and memo decode for an admin key.
  const started = history!.events!.find((e) => e.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!;
  const sealed = [...started.input!.payloads!, ...Object.values(started.memo!.fields!)].map(asJson);
  const admin = (await createApiKey(db, { name: 'codec-admin', role: 'admin' })).secret;
  const marketing = (await createApiKey(db, { name: 'codec-marketing', role: 'marketing' })).secret;

  expect((await codec('decode', sealed)).status).toBe(401);
  expect((await codec('decode', sealed, marketing)).status).toBe(403);
  const opened = await codec('decode', sealed, admin);
  expect(opened.status).toBe(200);
  const values = opened.body.payloads.map((p) => {
    expect(Buffer.from(p.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    return JSON.parse(Buffer.from(p.data!, 'base64').toString());
  });
  expect(values[0]).toMatchObject({ accountId: account.id, journeyKey: 'sealed' });
  expect(values).toContainEqual(account.name);

  // The Temporal CLI speaks the same protocol: pointed at the endpoint with the admin key, it shows
  // the history decoded (the memo's account name among it; its JSON prints payload data in base64).
  const show = async (auth: string[]) => {
    const out = await execFileAsync(temporalCliPath(cluster.cfg.temporal.cliPath)!, [
      'workflow', 'show', '--workflow-id', workflowId, '--address', cluster.env.TEMPORAL_ADDRESS!, '--output', 'json', '--codec-endpoint', `${http.url}/codec`, ...auth,
    ]).then((r) => r.stdout, (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);
    return [...out.matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('latin1')).join('\n');
  };
  expect(await show(['--codec-auth', `Bearer ${admin}`])).toContain(JSON.stringify(account.name));

  // Encoding goes out under the current key and comes back; a key id the deployment lost is named.
  const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hello"').toString('base64') };
  const encoded = await codec('encode', [plain], admin);
  expect(Buffer.from(encoded.body.payloads[0]!.metadata['encryption-key-id']!, 'base64').toString()).toBe('k2026');
  expect((await codec('decode', encoded.body.payloads, admin)).body.payloads).toEqual([plain]);
  const lost = { ...sealed[0]!, metadata: { ...sealed[0]!.metadata, 'encryption-key-id': Buffer.from('k2024').toString('base64') } };
  const refused = await codec('decode', [lost], admin);
  expect(refused.status).toBe(400);
  expect(refused.body.error).toContain('key id "k2024", which HARPOON_CODEC_KEYS does not hold');

  // The Web UI calls from its own origin: its preflight is answered, another site's is not.
  const ui = new URL(cluster.cfg.temporal.uiUrl).origin;
  const preflight = await fetch(`${http.url}/codec/decode`, {
    method: 'OPTIONS',
    headers: { Origin: ui, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace,authorization' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(ui);
  expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/);
  expect((await codec('decode', sealed, admin, ui)).headers.get('access-control-allow-origin')).toBe(ui);
  const stranger = await fetch(`${http.url}/codec/decode`, { method: 'OPTIONS', headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'POST' } });
  expect(stranger.status).toBe(403);
  expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
});

it('tells a process started without the keys what to set when it meets an encrypted payload', async () => {
  const { db } = cluster.fresh;
  const noKeys = { HARPOON_CODEC_KEYS: '', HARPOON_CODEC_KEY_ID: '' };
  const account = await db.account.create({ data: { domain: 'keyless-optics.example', name: 'Keyless Optics', tier: 1, poolStatus: 'target' } });
  await db.contact.create({ data: { accountId: account.id, email: 'kim@keyless-optics.example', firstName: 'Kim', role: 'champion', consent: 'subscribed' } });
  // The journey the test above published; this client and the workers hold the keys.
  const launched = await launchForAccounts(db, cluster.client, cluster.cfg.temporal.taskQueue, 'sealed', [account]);
  expect(launched.started).toEqual([account.domain]);
  const said = 'this process has no keys: set HARPOON_CODEC_KEYS (and HARPOON_CODEC_KEY_ID) as the workers have them';

  // The CLI without the keys: the journey's live answer comes back encrypted.
  const status = await runCli(['journeys', 'status', account.domain], { ...cluster.env, ...noKeys });
  expect(status.stdout).toMatch(/live status unavailable: a payload is encrypted with key id "k2026" \(HARPOON_CODEC_KEYS\) and this process has no keys: set HARPOON_CODEC_KEYS/);
  expect(status.stdout).not.toContain('Unknown encoding');

  // A worker started without them: its workflow task fails, and the history says why in words.
  const keyless = loadConfig({ ...process.env, ...cluster.env, ...noKeys, TEMPORAL_TASK_QUEUE: 'e2e-keyless' });
  const worker = await startWorkerProcess(keyless, undefined, () => {}, db);
  const workflowId = `keyless/${account.id}`;
  const handle = await cluster.client.workflow.start('accountReview', { taskQueue: 'e2e-keyless', workflowId, args: [{ accountId: account.id }] });
  try {
    const failure = await until('the keyless worker to fail the workflow task', async () => {
      const { history } = await cluster.client.workflowService.getWorkflowExecutionHistory({ namespace: cluster.cfg.temporal.namespace, execution: { workflowId } });
      return history?.events?.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure;
    }, { timeoutMs: 60_000 });
    expect(failure.message).toBe(`a payload is encrypted with key id "k2026" (HARPOON_CODEC_KEYS) and ${said}`);
  } finally {
    await handle.terminate('test over');
    await worker.shutdown();
  }
});
