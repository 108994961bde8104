import { describe, expect, it } from 'vitest';
import { closeDomains, normaliseDomain, normaliseDomainSuffix } from '../../domain/accounts/domain-name';

describe('normaliseDomain', () => {
  it('reduces the ways people write a domain to one stored form', () => {
    for (const written of ['acme.com', 'ACME.com', 'https://www.Acme.com/about?x=1', 'http://acme.com:8080', 'www.acme.com.', ' acme.com ']) {
      expect(normaliseDomain(written), written).toBe('acme.com');
    }
  });

  it('keeps subdomains other than www', () => {
    expect(normaliseDomain('https://cn.rival-group.example/')).toBe('cn.rival-group.example');
  });

  it('stores internationalised domains in punycode', () => {
    expect(normaliseDomain('中国制造.cn')).toBe('xn--fiq31h22eyp6e.cn');
  });

  it('refuses things that are not domains', () => {
    for (const bad of ['', 'acme', 'bob@acme.com', 'acme .com', '-acme.com', 'acme.c0m', 'http://']) {
      expect(normaliseDomain(bad), bad).toBeUndefined();
    }
  });
});

describe('normaliseDomainSuffix', () => {
  it('accepts a bare top-level label, leading dots and wildcards', () => {
    expect(normaliseDomainSuffix('gov')).toBe('gov');
    expect(normaliseDomainSuffix('.gov.cn')).toBe('gov.cn');
    expect(normaliseDomainSuffix('*.Rival-Group.example')).toBe('rival-group.example');
    expect(normaliseDomainSuffix('not a suffix')).toBeUndefined();
  });
});

describe('closeDomains', () => {
  it('finds domains a typo, another top-level domain or a word left off away, closest first', () => {
    expect(closeDomains('acme.de', ['zeta.com', 'acme-widgets.com', 'acne.com', 'acme.com'])).toEqual(['acme.com', 'acne.com', 'acme-widgets.com']);
    expect(closeDomains('thin-data.example', ['thin.example', 'think.example'])).toEqual(['thin.example']);
  });

  it('finds nothing in a shared word elsewhere in the name, nor a letter away in a two-letter name', () => {
    expect(closeDomains('rj-one.example', ['alpen-components.example', 'keystone-fabrication.example', 'one.example'])).toEqual([]);
    expect(closeDomains('hp.example', ['hq.example'])).toEqual([]);
  });
});
