// Who never goes into an ad audience, decided for each person of the selected buying groups, the
// first reason that applies counted once. An ad is a touch like an email: what the contact policy
// refuses for email (domain/policy/contact-policy.ts: anyone not subscribed) is refused here, and so
// is what would make the programme's own measurement untrue (an account held out of a journey).
import type { ConsentState, PoolStatus } from '../accounts/vocabulary';

export const exclusionReasons = ['erased', 'suppressed', 'do_not_contact', 'unsubscribed', 'bounced', 'negative_list', 'not_target', 'held_out'] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

export const exclusionLabels: Record<ExclusionReason, string> = {
  erased: 'erased on their request',
  suppressed: 'with an address on the suppression list',
  do_not_contact: 'marked do-not-contact',
  unsubscribed: 'unsubscribed',
  bounced: 'with a hard-bounced address',
  negative_list: 'in an account on the negative list',
  not_target: 'in an account that is not a target (candidate, retired or excluded)',
  held_out: "in an account held out of a journey's holdout group",
};

export type AudienceCandidate = {
  erased: boolean;
  /** The address's hash is in the Suppression table (people who asked to be erased). */
  suppressed: boolean;
  consent: ConsentState;
  /** A rule of the negative list matches the account, whatever its pool status says. */
  onNegativeList: boolean;
  poolStatus: PoolStatus;
  /** The account is in the held-out group of any journey with a holdout. */
  heldOut: boolean;
};

/** Why this person is left out, or null when they belong in the audience. People first, then their account. */
export function exclusionOf(c: AudienceCandidate): ExclusionReason | null {
  if (c.erased) return 'erased';
  if (c.suppressed) return 'suppressed';
  if (c.consent !== 'subscribed') return c.consent;
  if (c.onNegativeList) return 'negative_list';
  if (c.poolStatus !== 'target') return 'not_target';
  if (c.heldOut) return 'held_out';
  return null;
}

export type ExclusionCounts = Record<ExclusionReason, number>;

export function countExclusions(reasons: readonly (ExclusionReason | null)[]): ExclusionCounts {
  const counts = Object.fromEntries(exclusionReasons.map((r) => [r, 0])) as ExclusionCounts;
  for (const r of reasons) if (r !== null) counts[r] += 1;
  return counts;
}
