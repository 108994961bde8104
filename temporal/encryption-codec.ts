// Payload encryption, so the operator of a Temporal cluster reads no account data in its histories:
// AES-256-GCM over the whole payload (its data and its metadata, so even the original encoding is
// hidden), under a named key. The key id travels in clear in the payload's metadata, and decoding
// picks the key by it: a new key id encrypts new payloads while old histories still decode, as long
// as their key stays configured. Payloads not encrypted (written before the codec was turned on)
// decode as they are.
//
// Layout of `data`: 12-byte nonce ‖ ciphertext ‖ 16-byte tag; the key id is authenticated data, so
// a payload relabelled with another key id fails rather than decrypting to garbage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
// A CommonJS package: Node's ESM loader (the compiled CLI) sees only its default export.
import proto from '@temporalio/proto';

export const encryptedEncoding = 'binary/encrypted';
export const keyIdMetadataKey = 'encryption-key-id';
const { Payload: PayloadMessage } = proto.temporal.api.common.v1;
const cipherMetadataKey = 'encryption-cipher';
const cipherName = 'AES-256-GCM';
const nonceBytes = 12;
const tagBytes = 16;
export const keyBytes = 32;

/** The keys a deployment holds, by id, and the id of the one that encrypts. */
export type CodecKeys = { currentKeyId: string; keys: ReadonlyMap<string, Buffer> };

/** A payload that cannot be decrypted: the message names the key id and what to do. */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);
const isEncrypted = (payload: Payload) => text(payload.metadata?.[METADATA_ENCODING_KEY]) === encryptedEncoding;

/**
 * The codec of a process without keys, in an installation that may have them: payloads go out as
 * the SDK makes them and come in untouched (the same objects, nothing copied), but one that comes
 * in encrypted fails saying what to set, where the SDK's converter would say only "Unknown
 * encoding: binary/encrypted" (a worker started without the keys failed its workflow tasks so).
 */
export class KeylessCodec implements PayloadCodec {
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads;
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    const encrypted = payloads.find(isEncrypted);
    if (encrypted) {
      const keyId = text(encrypted.metadata?.[keyIdMetadataKey]);
      throw new PayloadDecryptionError(
        `a payload is encrypted${keyId ? ` with key id "${keyId}"` : ''} (HARPOON_CODEC_KEYS) and this process has no keys: ` +
          'set HARPOON_CODEC_KEYS (and HARPOON_CODEC_KEY_ID) as the workers have them',
      );
    }
    return payloads;
  }
}

export class EncryptionCodec implements PayloadCodec {
  private readonly current: { id: string; key: Buffer; idBytes: Buffer };

  constructor(private readonly keys: CodecKeys) {
    for (const [id, key] of keys.keys) {
      if (key.length !== keyBytes) throw new Error(`codec key "${id}" has ${key.length} bytes; AES-256 needs ${keyBytes}`);
    }
    const key = keys.keys.get(keys.currentKeyId);
    if (!key) throw new Error(`the current codec key id "${keys.currentKeyId}" is not among the keys (${[...keys.keys.keys()].join(', ')})`);
    this.current = { id: keys.currentKeyId, key, idBytes: Buffer.from(keys.currentKeyId, 'utf8') };
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const plain = PayloadMessage.encode(payload).finish();
    const nonce = randomBytes(nonceBytes);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, nonce, { authTagLength: tagBytes });
    cipher.setAAD(this.current.idBytes);
    const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(encryptedEncoding),
        [keyIdMetadataKey]: this.current.idBytes,
        [cipherMetadataKey]: Buffer.from(cipherName),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    if (!isEncrypted(payload)) return payload;
    const keyId = text(payload.metadata?.[keyIdMetadataKey]);
    if (!keyId) throw new PayloadDecryptionError(`an encrypted payload carries no "${keyIdMetadataKey}": it was not written by Harpoon's codec`);
    const key = this.keys.keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `a payload is encrypted with key id "${keyId}", which HARPOON_CODEC_KEYS does not hold (it holds ${[...this.keys.keys.keys()].join(', ')}): ` +
          `add "${keyId}:<its base64 key>" back to HARPOON_CODEC_KEYS to read histories written with it`,
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < nonceBytes + tagBytes) throw new PayloadDecryptionError(`a payload encrypted with key id "${keyId}" is too short to be one (${data.length} bytes)`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, nonceBytes), { authTagLength: tagBytes });
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - tagBytes));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(nonceBytes, data.length - tagBytes)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `a payload encrypted with key id "${keyId}" failed authentication: it was altered, or HARPOON_CODEC_KEYS holds a different key under "${keyId}"`,
      );
    }
    return PayloadMessage.decode(plain);
  }
}
