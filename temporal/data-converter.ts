// What every Temporal client and worker Harpoon makes converts its payloads with: the SDK's
// defaults, plus the encryption codec when HARPOON_CODEC_KEYS is set (temporal/encryption-codec.ts).
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config/env';
import { EncryptionCodec } from './encryption-codec';

/** undefined: no keys configured, payloads go as the SDK makes them. */
export function payloadCodecFor(cfg: Pick<Config, 'codec'>): EncryptionCodec | undefined {
  return cfg.codec ? new EncryptionCodec(cfg.codec) : undefined;
}

export function dataConverterFor(cfg: Pick<Config, 'codec'>): DataConverter | undefined {
  const codec = payloadCodecFor(cfg);
  return codec ? { payloadCodecs: [codec] } : undefined;
}
