import { randomBytes } from 'node:crypto';
import { decodeArrayFromPayloads, decodeOptionalFailureToOptionalError, encodeErrorToFailure, encodeToPayloads, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env';
import { dataConverterFor } from '../../temporal/data-converter';

const withKeys = () => loadConfig({ HARPOON_CODEC_KEYS: `k2026:${randomBytes(32).toString('base64')}` });

describe('the data converter of every client and worker', () => {
  it('without keys, writes payloads and failures as the SDK does and reads plain ones back as they are', async () => {
    const keyless = dataConverterFor(loadConfig({}));
    // Nothing for the workflow sandbox: its bundle is the one a converter-less worker builds.
    expect(keyless.payloadConverterPath).toBeUndefined();
    expect(keyless.failureConverterPath).toBeUndefined();
    const converter = loadDataConverter(keyless);
    const sdk = loadDataConverter(undefined);
    const value = { accountId: 'cm1abc', step: 'hello' };
    const payloads = (await encodeToPayloads(converter, value))!;
    expect(payloads).toEqual(await encodeToPayloads(sdk, value));
    expect(await decodeArrayFromPayloads(converter, payloads)).toEqual([value]);
    // Plain payloads cost the keyless codec a look at their encoding, not a copy.
    expect(await keyless.payloadCodecs![0]!.decode(payloads)).toBe(payloads);
    const failure = await encodeErrorToFailure(converter, new Error('relay refused'));
    expect(failure.message).toBe('relay refused');
    expect(failure.encodedAttributes).toBeFalsy();
  });

  it('without keys, says what to set when a payload comes in encrypted, instead of "Unknown encoding"', async () => {
    const [sealed] = (await encodeToPayloads(loadDataConverter(dataConverterFor(withKeys())), { accountId: 'cm1abc' }))!;
    const keyless = loadDataConverter(dataConverterFor(loadConfig({})));
    await expect(decodeArrayFromPayloads(keyless, [sealed!])).rejects.toThrow(
      'a payload is encrypted with key id "k2026" (HARPOON_CODEC_KEYS) and this process has no keys: set HARPOON_CODEC_KEYS (and HARPOON_CODEC_KEY_ID) as the workers have them',
    );
  });

  it('encrypts payloads, and failure messages and stack traces with them, when keys are configured', async () => {
    const converter = loadDataConverter(dataConverterFor(withKeys()));
    const [payload] = (await encodeToPayloads(converter, { email: 'ines.okafor@vaultline-optics.example' }))!;
    expect(Buffer.from(payload!.metadata!.encoding!).toString()).toBe('binary/encrypted');

    const failure = await encodeErrorToFailure(converter, new Error('550 <ines.okafor@vaultline-optics.example>: recipient rejected'));
    expect(failure.message).toBe('Encoded failure');
    expect(JSON.stringify(failure)).not.toContain('ines');
    expect(Buffer.from(failure.encodedAttributes!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    const error = await decodeOptionalFailureToOptionalError(converter, failure);
    expect(error?.message).toBe('550 <ines.okafor@vaultline-optics.example>: recipient rejected');
  });
});
