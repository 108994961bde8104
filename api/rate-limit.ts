// Per-key rate limit on /v1: a token bucket for each API key, in this process's memory (several
// server processes each keep their own). A bucket holds `perMinute` calls and refills at that rate,
// so a client may burst up to a minute's worth and then goes at the steady rate; past it the call
// is answered 429 with Retry-After, the seconds until the next call is admitted.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/errors';

type Bucket = { tokens: number; atMs: number };

export function limitCallsPerKey(v1: FastifyInstance, perMinute: number, now: () => number = Date.now): void {
  const buckets = new Map<string, Bucket>();
  const perMs = perMinute / 60_000;
  // After the key check (registered after requireKeys): only a known key gets a bucket, so
  // made-up secrets cannot grow the map.
  v1.addHook('onRequest', async (req, reply) => {
    const keyId = req.principal?.keyId;
    if (keyId === undefined) return;
    const at = now();
    const bucket = buckets.get(keyId) ?? { tokens: perMinute, atMs: at };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (at - bucket.atMs) * perMs);
    bucket.atMs = at;
    buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    reply.header('Retry-After', String(retryAfter));
    throw new ApiError(429, `rate limit: this key may make ${perMinute} calls a minute (HARPOON_API_RATE_LIMIT); try again in ${retryAfter} s`);
  });
}
