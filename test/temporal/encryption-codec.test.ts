import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec, PayloadDecryptionError } from '../../temporal/encryption-codec';

const k2025 = randomBytes(32);
const k2026 = randomBytes(32);
const codec = (currentKeyId: string, keys: Record<string, Buffer>) => new EncryptionCodec({ currentKeyId, keys: new Map(Object.entries(keys)) });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

const input = { accountId: 'cm1abc', domain: 'castell-medtech.example', contact: 'laura.johnson@castell-medtech.example' };
const plain = (): Payload => defaultPayloadConverter.toPayload(input);

describe('the payload encryption codec', () => {
  it('encrypts the whole payload under the current key id and decrypts it back', async () => {
    const c = codec('k2025', { k2025 });
    const [sealed] = await c.encode([plain()]);
    expect(text(sealed!.metadata!.encoding)).toBe('binary/encrypted');
    expect(text(sealed!.metadata!['encryption-key-id'])).toBe('k2025');
    // Nothing of the value nor its original encoding is readable.
    const raw = Buffer.from(sealed!.data!).toString('latin1');
    for (const secret of ['cm1abc', 'castell-medtech', 'laura', 'json/plain']) expect(raw).not.toContain(secret);
    const [opened] = await c.decode([sealed!]);
    expect(text(opened!.metadata!.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(input);
  });

  it('uses a fresh nonce for each payload: the same value never encrypts the same way twice', async () => {
    const c = codec('k2025', { k2025 });
    const [a, b] = await c.encode([plain(), plain()]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('after a rotation, encrypts with the new key and still decrypts what the old key wrote', async () => {
    const [old] = await codec('k2025', { k2025 }).encode([plain()]);
    const rotated = codec('k2026', { k2025, k2026 });
    const [fresh] = await rotated.encode([plain()]);
    expect(text(fresh!.metadata!['encryption-key-id'])).toBe('k2026');
    const decoded = await rotated.decode([old!, fresh!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([input, input]);
  });

  it('fails loudly, naming the key id, when a payload was encrypted with a key it does not hold', async () => {
    const [old] = await codec('k2025', { k2025 }).encode([plain()]);
    const dropped = codec('k2026', { k2026 });
    await expect(dropped.decode([old!])).rejects.toThrow(PayloadDecryptionError);
    await expect(dropped.decode([old!])).rejects.toThrow(/key id "k2025", which HARPOON_CODEC_KEYS does not hold \(it holds k2026\)/);
  });

  it('refuses a tampered ciphertext, a relabelled key id and a different key under the same id', async () => {
    const c = codec('k2025', { k2025, k2026 });
    const [sealed] = await c.encode([plain()]);
    const flipped = Buffer.from(sealed!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await expect(c.decode([{ ...sealed!, data: flipped }])).rejects.toThrow(/key id "k2025" failed authentication/);

    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-key-id': Buffer.from('k2026') } };
    await expect(c.decode([relabelled])).rejects.toThrow(/key id "k2026" failed authentication/);

    await expect(codec('k2025', { k2025: k2026 }).decode([sealed!])).rejects.toThrow(/failed authentication/);
    await expect(c.decode([{ ...sealed!, data: Buffer.alloc(5) }])).rejects.toThrow(/too short/);
  });

  it('passes payloads that were never encrypted through unchanged (histories from before the codec)', async () => {
    const c = codec('k2025', { k2025 });
    const clear = plain();
    expect(await c.decode([clear])).toEqual([clear]);
  });

  it('refuses keys that are not AES-256 keys and a current id it does not hold', () => {
    expect(() => codec('k', { k: randomBytes(16) })).toThrow(/has 16 bytes; AES-256 needs 32/);
    expect(() => codec('k2027', { k2025 })).toThrow(/"k2027" is not among the keys \(k2025\)/);
  });
});
