// The /v1 API on a real server (loopback port) over a fresh database file, for tests of routes that
// do not reach Temporal, and a caller that sends one request with a key and reads the JSON answer.
import type { ApiDeps } from '../../api/deps';
import { startDoorsWithoutTemporal } from './doors-without-temporal';
import { freshDb } from './fresh-db';

export type ApiAnswer = { status: number; body: Record<string, any> };

export async function startApiWithoutTemporal(secret: string, api: Pick<ApiDeps, 'outboxDir'> = {}) {
  const fresh = await freshDb();
  const server = await startDoorsWithoutTemporal(fresh.db, secret, api);
  const stop = async () => {
    await server.stop();
    await fresh.db.$disconnect();
  };
  /** One request; `key` goes in the Authorization header, `body` as JSON. */
  const call = async (method: string, path: string, key: string | undefined, body?: unknown): Promise<ApiAnswer> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  return { ...fresh, server, stop, call };
}
