import { randomBytes } from 'node:crypto';
import { decodeOptionalFailureToOptionalError, encodeErrorToFailure, encodeToPayloads, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env';
import { dataConverterFor } from '../../temporal/data-converter';

const withKeys = () => loadConfig({ HARPOON_CODEC_KEYS: `k2026:${randomBytes(32).toString('base64')}` });

describe('the data converter of every client and worker', () => {
  it('is the SDK default when no codec keys are configured', () => {
    expect(dataConverterFor(loadConfig({}))).toBeUndefined();
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
