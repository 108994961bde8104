// The codec endpoint for the Temporal Web UI and CLI (Temporal's codec server protocol): POST
// /codec/decode and /codec/encode take `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`
// (proto3 JSON, every bytes field base64) and answer the same shape, run through Harpoon's payload
// codec (temporal/encryption-codec.ts). It hands out account data in clear, so it is for admin keys
// only (`Authorization: Bearer <key>`, api/auth.ts); the Web UI's origin (TEMPORAL_UI_URL) may call
// it from the browser. `X-Namespace` is accepted and not needed: Harpoon's keys are the same for
// every namespace it writes to.
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiError } from '../http/errors';
import { PayloadDecryptionError } from '../temporal/encryption-codec';
import { requireKeys } from './auth';

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'expected base64');

const jsonPayload = z.object({
  metadata: z.record(z.string(), base64).nullish(),
  data: base64.nullish(),
});
type JsonPayload = z.infer<typeof jsonPayload>;

export const codecBody = z.object({ payloads: z.array(jsonPayload) });

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: p.data ? Buffer.from(p.data, 'base64') : undefined,
});

const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  ...(p.data ? { data: Buffer.from(p.data).toString('base64') } : {}),
});

export type CodecEndpointDeps = {
  db: Db;
  /** undefined: no HARPOON_CODEC_KEYS, and the endpoint says so. */
  codec: PayloadCodec | undefined;
  /** Browser origins allowed to call it: the Temporal Web UI's. */
  corsOrigins: readonly string[];
};

export async function registerCodecEndpoint(app: FastifyInstance, deps: CodecEndpointDeps): Promise<void> {
  await app.register(
    async (codecApp) => {
      // Before the key check: a browser's preflight carries no key, and an error the UI should show
      // (401, 403) needs the CORS headers to reach it.
      codecApp.addHook('onRequest', async (req, reply) => {
        const origin = req.headers.origin;
        const allowed = origin !== undefined && deps.corsOrigins.includes(origin);
        if (allowed) {
          reply.headers({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
        }
        if (req.method !== 'OPTIONS') return;
        if (!allowed) {
          throw new ApiError(403, `origin ${origin ?? '(none)'} may not call the codec endpoint: set TEMPORAL_UI_URL to the Temporal Web UI's URL (allowed now: ${deps.corsOrigins.join(', ')})`);
        }
        reply
          .code(204)
          .headers({
            'Access-Control-Allow-Methods': 'POST, OPTIONS',
            'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Namespace',
            'Access-Control-Max-Age': '600',
          })
          .send();
        return reply;
      });
      requireKeys(codecApp, deps.db);
      const typed = codecApp.withTypeProvider<ZodTypeProvider>();
      for (const action of ['encode', 'decode'] as const) {
        // Answered by the hook above; the route only has to exist for it to run.
        typed.options(`/${action}`, { schema: { hide: true } }, (_req, reply) => reply.code(204).send());
        typed.post(`/${action}`, { config: { roles: ['admin'] }, schema: { hide: true, body: codecBody } }, async (req) => {
          if (!deps.codec) throw new ApiError(404, 'no payload codec here: HARPOON_CODEC_KEYS is not set, so payloads go to Temporal unencrypted');
          try {
            const payloads = await deps.codec[action](req.body.payloads.map(fromJson));
            return { payloads: payloads.map(toJson) };
          } catch (err) {
            if (err instanceof PayloadDecryptionError) throw new ApiError(400, err.message);
            throw err;
          }
        });
      }
    },
    { prefix: '/codec' },
  );
}

/** The Web UI's origin (TEMPORAL_UI_URL); on loopback, by either name a browser may have typed. */
export function webUiOrigins(uiUrl: string): string[] {
  const url = new URL(uiUrl);
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return [url.origin];
  const port = url.port ? `:${url.port}` : '';
  return [url.origin, ...['localhost', '127.0.0.1'].map((host) => `${url.protocol}//${host}${port}`).filter((o) => o !== url.origin)];
}
