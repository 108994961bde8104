import { describe, expect, it } from 'vitest';
import { negativeListMatcher, negativeRuleRowSchema, parseRuleTarget, type NegativeRule } from '../../domain/accounts/negative-list';

const rules: NegativeRule[] = [
  { kind: 'industry', value: 'defense systems', reason: 'legal' },
  { kind: 'suffix', value: 'rival-group.example', reason: 'competitor' },
  { kind: 'suffix', value: 'example', reason: 'cant_serve' },
  { kind: 'domain', value: 'de.rival-group.example', reason: 'wont_rebuy' },
];
const match = negativeListMatcher(rules);

describe('negative-list matching', () => {
  it('prefers the most specific rule: domain, then the longest suffix, then industry', () => {
    expect(match({ domain: 'de.rival-group.example', industry: 'Defense Systems' })?.reason).toBe('wont_rebuy');
    expect(match({ domain: 'cn.rival-group.example' })?.reason).toBe('competitor');
    expect(match({ domain: 'rival-group.example' })?.reason).toBe('competitor');
    expect(match({ domain: 'acme.example' })?.reason).toBe('cant_serve');
  });

  it('matches industries ignoring case and spacing, and suffixes only on label boundaries', () => {
    const industryOnly = negativeListMatcher([rules[0]!, { kind: 'suffix', value: 'rival.com', reason: 'competitor' }]);
    expect(industryOnly({ domain: 'acme.com', industry: '  DEFENSE   systems ' })?.kind).toBe('industry');
    expect(industryOnly({ domain: 'notrival.com', industry: 'Packaging' })).toBeUndefined();
    expect(industryOnly({ domain: 'eu.rival.com', industry: null })?.kind).toBe('suffix');
  });
});

describe('rules as typed on the command line', () => {
  it('reads kind:value and bare domains into stored form', () => {
    expect(parseRuleTarget('suffix:*.Gov.CN')).toEqual({ kind: 'suffix', value: 'gov.cn' });
    expect(parseRuleTarget('Industry:Tobacco  Machinery')).toEqual({ kind: 'industry', value: 'tobacco machinery' });
    expect(parseRuleTarget('https://www.acme.com')).toEqual({ kind: 'domain', value: 'acme.com' });
  });

  it('explains what was expected when the value is not valid', () => {
    expect(parseRuleTarget('acme')).toEqual({ error: expect.stringContaining('expected a web domain such as acme.com, or a rule written as suffix:gov.cn') });
    expect(parseRuleTarget('suffix:not valid')).toEqual({ error: expect.stringContaining('is not a valid suffix') });
  });

  it('validates imported rule rows, naming the value column for a bad value', () => {
    const bad = negativeRuleRowSchema.safeParse({ kind: 'domain', value: 'not a domain', reason: 'competitor' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['value'], message: expect.stringContaining('expected a web domain') });
    expect(negativeRuleRowSchema.parse({ kind: 'Suffix', value: '.Rival.com', reason: 'Competitor' })).toMatchObject({ kind: 'suffix', value: 'rival.com', reason: 'competitor' });
  });
});
