// HARPOON_CODEC_KEYS and HARPOON_CODEC_KEY_ID: the keys of the payload codec that encrypts what
// Temporal stores (temporal/encryption-codec.ts), checked as the configuration is read.
import { optionalString } from './env-values';

const codecKeyId = /^[A-Za-z0-9._-]{1,64}$/;
const codecKeyAdvice = 'generate one with: openssl rand -base64 32';

/** `id:base64key,id:base64key`: the AES-256 keys of the payload codec (temporal/encryption-codec.ts), by id. */
export const codecKeys = optionalString.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const keys = new Map<string, Buffer>();
  for (const [i, entry] of v.split(',').map((e) => e.trim()).entries()) {
    const at = `entry ${i + 1}`;
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon).trim();
    const base64 = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!codecKeyId.test(id) || base64 === '') {
      ctx.addIssue({ code: 'custom', message: `${at}: expected <key id>:<base64 key>, e.g. k2026:<32 random bytes in base64> (${codecKeyAdvice}); ids are letters, digits, ".", "_" or "-"` });
      continue;
    }
    // 32 bytes in hex (openssl rand -hex 32) are 64 characters that are all base64 too, read as 48 bytes;
    // 32 bytes in base64 are 44 (43 unpadded), so hex is told apart surely. Refused, not read as hex:
    // a key has one encoding, read one way.
    if (/^[0-9a-fA-F]{64}$/.test(base64)) {
      ctx.addIssue({ code: 'custom', message: `key "${id}" looks like hex: give the key in base64 (openssl rand -base64 32), or convert it: echo <hex> | xxd -r -p | base64` });
      continue;
    }
    const key = Buffer.from(base64, 'base64');
    // Buffer.from skips what is not base64: re-encoding tells a key from a typo.
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || key.toString('base64').replace(/=+$/, '') !== base64.replace(/=+$/, '')) {
      ctx.addIssue({ code: 'custom', message: `key "${id}" is not valid base64 (${codecKeyAdvice})` });
      continue;
    }
    if (key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: `key "${id}" is ${key.length} bytes; AES-256 needs exactly 32 (${codecKeyAdvice})` });
      continue;
    }
    if (keys.has(id)) ctx.addIssue({ code: 'custom', message: `key id "${id}" appears twice; each id names one key` });
    keys.set(id, key);
  }
  return keys;
});

/** What is wrong with HARPOON_CODEC_KEY_ID given the keys, if anything. */
export function codecKeyIdProblem(keys: Map<string, Buffer> | undefined, keyId: string | undefined): string | undefined {
  if (!keys) return keyId ? `HARPOON_CODEC_KEY_ID="${keyId}": set HARPOON_CODEC_KEYS too (id:base64key,...); the key id names one of those keys` : undefined;
  const ids = [...keys.keys()];
  if (keyId === undefined && ids.length > 1) {
    return `HARPOON_CODEC_KEY_ID: required when HARPOON_CODEC_KEYS holds several keys; set it to the one that encrypts new payloads (${ids.join(' or ')})`;
  }
  const currentKeyId = keyId ?? ids[0]!;
  if (!keys.has(currentKeyId)) {
    return `HARPOON_CODEC_KEY_ID="${currentKeyId}": no such key in HARPOON_CODEC_KEYS (it holds ${ids.join(', ')}); add "${currentKeyId}:<base64 key>" to it or pick one of those`;
  }
  return undefined;
}

/** The codec's keys and the id that encrypts (checked by codecKeyIdProblem): HARPOON_CODEC_KEY_ID, or the only key there is. */
export function codecConfig(keys: Map<string, Buffer> | undefined, keyId: string | undefined) {
  if (!keys) return undefined;
  return { currentKeyId: keyId ?? [...keys.keys()][0]!, keys: keys as ReadonlyMap<string, Buffer> };
}
