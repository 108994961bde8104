// What every Temporal client and worker Harpoon makes converts its payloads with: the SDK's
// defaults, plus, when HARPOON_CODEC_KEYS is set, the encryption codec (temporal/encryption-codec.ts)
// and failures whose message and stack trace are payloads it encrypts (temporal/encrypted-failures.cjs);
// without keys, a codec that only says what to set when an encrypted payload comes in.
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config/env';
import { EncryptionCodec, KeylessCodec } from './encryption-codec';

/** undefined: no keys configured, payloads go as the SDK makes them. */
export function payloadCodecFor(cfg: Pick<Config, 'codec'>): EncryptionCodec | undefined {
  return cfg.codec ? new EncryptionCodec(cfg.codec) : undefined;
}

// From the folder above, as worker/create-worker.ts finds the workflows: the compiled CLI pins
// import.meta.url to cli/main.ts (scripts/build-cli.mjs), one folder below the root like this file.
export const encryptedFailuresPath = fileURLToPath(new URL('../temporal/encrypted-failures.cjs', import.meta.url));

export function dataConverterFor(cfg: Pick<Config, 'codec'>): DataConverter {
  const codec = payloadCodecFor(cfg);
  // Codecs run outside the workflow sandbox; only a converter path reaches its bundle, and without
  // keys none is given, so the workflows' code is the same with or without the keyless codec.
  return codec ? { payloadCodecs: [codec], failureConverterPath: encryptedFailuresPath } : { payloadCodecs: [new KeylessCodec()] };
}
