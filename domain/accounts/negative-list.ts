// The negative list: accounts we cannot serve, that will not buy again, competitors, legal holds.
// A rule names one domain, every domain under a suffix, or an industry; a matching account is
// excluded whatever its score, and never enters a journey.
import { z } from 'zod';
import { normaliseDomain, normaliseDomainSuffix } from './domain-name';
import { optionalText, requiredEnum, requiredText } from './fields';
import { quoted } from '../words/quoted';
import { negativeReasons, negativeRuleKinds, type NegativeReason, type NegativeRuleKind } from './vocabulary';

export type NegativeRule = { kind: NegativeRuleKind; value: string; reason: NegativeReason; note?: string | null };

const valueExpected: Record<NegativeRuleKind, string> = {
  domain: 'a web domain such as acme.com',
  suffix: 'a domain suffix such as gov.cn or acme-group.com',
  industry: 'an industry name as written on accounts, such as Tobacco',
};

/** The stored form of a rule's value, or undefined when it is not valid for the kind. */
export function normaliseRuleValue(kind: NegativeRuleKind, value: string): string | undefined {
  if (kind === 'domain') return normaliseDomain(value);
  if (kind === 'suffix') return normaliseDomainSuffix(value);
  const industry = value.trim().toLowerCase().replace(/\s+/g, ' ');
  return industry === '' ? undefined : industry;
}

export const negativeRuleRowSchema = z
  .object({
    kind: requiredEnum(negativeRuleKinds, 'a rule kind'),
    value: requiredText(200, 'the domain, suffix or industry the rule matches'),
    reason: requiredEnum(negativeReasons, 'a negative-list reason'),
    note: optionalText(500, 'a note of up to 500 characters'),
  })
  .transform((row, ctx) => {
    const value = normaliseRuleValue(row.kind, row.value);
    if (value !== undefined) return { ...row, value };
    ctx.addIssue({
      code: 'custom',
      path: ['value'],
      input: row.value,
      message: `${quoted(row.value)} is not a valid ${row.kind}, expected ${valueExpected[row.kind]}`,
    });
    return z.NEVER;
  });
export type NegativeRuleRow = z.infer<typeof negativeRuleRowSchema>;

/**
 * Reads a rule as typed on the command line: "suffix:gov.cn", "industry:Tobacco", "domain:acme.com"
 * or a bare domain. Returns the rule's key or a sentence saying what was expected.
 */
export function parseRuleTarget(text: string): { kind: NegativeRuleKind; value: string } | { error: string } {
  const match = /^(domain|suffix|industry):(.*)$/i.exec(text.trim());
  const kind = (match?.[1]?.toLowerCase() ?? 'domain') as NegativeRuleKind;
  const raw = match ? match[2]! : text;
  const value = normaliseRuleValue(kind, raw);
  if (value !== undefined) return { kind, value };
  return {
    error: `${quoted(text)} is not a valid ${kind}, expected ${valueExpected[kind]}` +
      (match ? '' : ', or a rule written as suffix:gov.cn or industry:Tobacco'),
  };
}

/**
 * A matcher over the whole list, returning the most specific rule that excludes an account: its
 * domain, else the longest matching suffix, else its industry. Lookups are by key, so a list of
 * thousands of lost customers costs no more per account than a list of ten.
 */
export function negativeListMatcher<R extends NegativeRule>(rules: readonly R[]) {
  const byKey = new Map(rules.map((rule) => [ruleLabel(rule), rule]));
  return (account: { domain: string; industry?: string | null }): R | undefined => {
    const exact = byKey.get(ruleLabel({ kind: 'domain', value: account.domain }));
    if (exact) return exact;
    const labels = account.domain.split('.');
    for (let i = 0; i < labels.length; i++) {
      const rule = byKey.get(ruleLabel({ kind: 'suffix', value: labels.slice(i).join('.') }));
      if (rule) return rule;
    }
    const industry = account.industry ? normaliseRuleValue('industry', account.industry) : undefined;
    return industry === undefined ? undefined : byKey.get(ruleLabel({ kind: 'industry', value: industry }));
  };
}

export const negativeReasonLabels: Record<NegativeReason, string> = {
  cant_serve: "we can't serve them",
  wont_rebuy: "they won't buy again",
  competitor: 'they are a competitor',
  legal: 'legal hold',
};

export function ruleLabel(rule: { kind: NegativeRuleKind; value: string }): string {
  return `${rule.kind}:${rule.value}`;
}
