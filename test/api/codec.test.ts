// The codec endpoint's HTTP contract without Temporal: who may call it, from which origin, and what
// it answers when something is wrong. test/e2e/payload-encryption.test.ts decodes a real history.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCodecEndpoint, webUiOrigins } from '../../api/codec';
import { createApiKey } from '../../use-cases/api-keys';
import { startHttpServer, type HttpServer } from '../../http/server';
import { EncryptionCodec } from '../../temporal/encryption-codec';
import { useFreshDb } from '../support/fresh-db';

const ui = 'http://localhost:8233';
const fresh = useFreshDb();
let withCodec: HttpServer;
let withoutCodec: HttpServer;
let admin: string;

beforeAll(async () => {
  const codec = new EncryptionCodec({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
  const start = (c: EncryptionCodec | undefined) =>
    startHttpServer({ port: 0, secret: 'x'.repeat(32), onEvent: async () => 'recorded', routes: (app) => registerCodecEndpoint(app, { db: fresh.db, codec: c, corsOrigins: webUiOrigins(ui) }) });
  withCodec = await start(codec);
  withoutCodec = await start(undefined);
  admin = (await createApiKey(fresh.db, { name: 'ops', role: 'admin' })).secret;
});
afterAll(async () => {
  await withCodec?.stop();
  await withoutCodec?.stop();
});

const post = async (server: HttpServer, path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { error?: string; payloads?: unknown[] } };
};

describe('the codec endpoint', () => {
  it('allows the Web UI by the name in TEMPORAL_UI_URL and, on loopback, by the other one', () => {
    expect(webUiOrigins('http://localhost:8233')).toEqual(['http://localhost:8233', 'http://127.0.0.1:8233']);
    expect(webUiOrigins('https://temporal.example.com/ui/')).toEqual(['https://temporal.example.com']);
  });

  it('shows the Web UI why a call was refused: a 401 carries the CORS headers of its origin', async () => {
    const res = await post(withCodec, '/codec/decode', { payloads: [] }, { Origin: 'http://127.0.0.1:8233' });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(res.body.error).toMatch(/missing API key/);
  });

  it('answers a bad body with the field, and a deployment without keys with what to set', async () => {
    const auth = { Authorization: `Bearer ${admin}` };
    const bad = await post(withCodec, '/codec/decode', { payloads: [{ data: 'not base64!' }] }, auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/payloads\.0\.data: expected base64/);
    const none = await post(withoutCodec, '/codec/encode', { payloads: [] }, auth);
    expect(none.status).toBe(404);
    expect(none.body.error).toMatch(/HARPOON_CODEC_KEYS is not set/);
    expect((await post(withCodec, '/codec/decode', { payloads: [] }, auth)).body).toEqual({ payloads: [] });
  });
});
