// Whether an account meets a journey's entry criteria, with the reason when it does not, so
// "why is this account not in the journey?" always has an answer.
import { sameCountry } from '../accounts/country';
import { isEligibleForJourney } from '../accounts/eligibility';
import type { Entry } from './definition';

export type EntryCandidate = {
  poolStatus: string;
  tier: number | null;
  industry: string | null;
  country: string | null;
  score: number | null;
};

/** An account as a launch or a forecast reads it: who it is, and what its entry is checked on (a tier override wins over the tier). */
export type CandidateAccount = EntryCandidate & { id: string; domain: string; tierOverride: number | null };

export type EntryDecision = { admitted: true } | { admitted: false; reason: string };

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function checkEntry(entry: Entry, account: EntryCandidate): EntryDecision {
  if (!isEligibleForJourney(account)) return { admitted: false, reason: `pool status is ${account.poolStatus}, only targets enter journeys` };
  if (entry.tiers && !entry.tiers.some((t) => t === account.tier)) {
    return { admitted: false, reason: `tier ${account.tier ?? 'unset'} is not one of ${entry.tiers.join(', ')}` };
  }
  const { industry, country, score } = account;
  if (entry.industries && !(industry !== null && entry.industries.some((i) => sameText(i, industry)))) {
    return { admitted: false, reason: `industry ${industry ?? 'unset'} is not one of ${entry.industries.join(', ')}` };
  }
  if (entry.countries && !(country !== null && entry.countries.some((c) => sameCountry(c, country)))) {
    return { admitted: false, reason: `country ${country ?? 'unset'} is not one of ${entry.countries.join(', ')}` };
  }
  if (entry.minScore !== undefined && !(score !== null && score >= entry.minScore)) {
    return { admitted: false, reason: `score ${score ?? 'unset'} is below the minimum ${entry.minScore}` };
  }
  return { admitted: true };
}
