// The pure rules of an erasure: what is replaced in free text, what a touch keeps for the counts.
import { describe, expect, it } from 'vitest';
import { countsOnly, emailHash, scrubJson, scrubText } from '../../domain/privacy/erasure';

const mia = ['mia.berg@acme.example', 'Mia Berg'];

describe('erasure rules', () => {
  it('replaces the address and the full name wherever they appear, whatever the case', () => {
    expect(scrubText('550 <MIA.BERG@acme.example>: call mia berg', mia)).toBe('550 <[erased]>: call [erased]');
    // A first name alone is not an identifier: a colleague may share it.
    expect(scrubText('Mia from finance', mia)).toBe('Mia from finance');
    expect(scrubJson({ next: 'call Mia Berg', people: [{ 'Mia Berg': 1 }], n: 3 }, mia)).toEqual({ next: 'call [erased]', people: [{ '[erased]': 1 }], n: 3 });
  });

  it("cuts a touch down to what the metrics need, and marks it", () => {
    expect(countsOnly({ counted: false, machine: true, tag: 'pricing', properties: { phone: '+47 555' }, userAgent: 'x', error: 'mia.berg@acme.example' }, mia)).toEqual({
      counted: false,
      machine: true,
      tag: 'pricing',
      erased: true,
    });
    expect(countsOnly(null, mia)).toEqual({ erased: true });
  });

  it('hashes the address as stored (lower case, trimmed), so any spelling of it is recognised', () => {
    expect(emailHash(' Mia.Berg@ACME.example ')).toBe(emailHash('mia.berg@acme.example'));
    expect(emailHash('mia.berg@acme.example')).toMatch(/^[0-9a-f]{64}$/);
  });
});
