// The target pool, with a way in and a way out. Given every account and the rules, decide each
// account's tier and pool status and say why, in words a marketing manager understands:
//   - the negative list excludes, whatever the score;
//   - retired accounts stay retired until someone includes them again;
//   - a candidate scoring at least `promoteAt` (on enough known data) becomes a target;
//   - a target falling below `retireBelow` is retired; between the two it stays (no flapping);
//   - each tier holds at most `capacity` targets: hand-placed accounts first, then by score;
//     the rest wait as candidates.
import { negativeListMatcher, negativeReasonLabels, ruleLabel, type NegativeRule } from './negative-list';
import type { ScoringModel, TierThresholds } from './scoring-model';
import type { PoolStatus, Tier } from './vocabulary';

export type PoolMember = {
  id: string;
  domain: string;
  industry: string | null;
  poolStatus: PoolStatus;
  poolReason: string | null;
  tierOverride: number | null;
  tierReason: string | null;
  score: number | null;
  /** Null when the account has never been scored. */
  scoreConfidence: number | null;
  recommendedTier: number | null;
};

export type Placement = { poolStatus: PoolStatus; poolReason: string; tier: Tier | null; tierReason: string };

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The tier an account is planned for: a user's override sticks; otherwise its score decides. */
export function tierFor(member: PoolMember, thresholds: TierThresholds): { tier: Tier | null; tierReason: string } {
  if (member.tierOverride !== null) {
    return { tier: member.tierOverride as Tier, tierReason: member.tierReason ?? `it was set to tier ${member.tierOverride} by hand` };
  }
  if (member.score === null) {
    return { tier: null, tierReason: member.scoreConfidence === null ? 'it has not been scored yet' : 'nothing is known to score it on' };
  }
  if (member.recommendedTier === null) {
    return { tier: null, tierReason: `its score of ${member.score} is below ${thresholds['3']}, where tier 3 starts` };
  }
  const t = member.recommendedTier as Tier;
  return { tier: t, tierReason: `its score of ${member.score} recommends tier ${t} (tier ${t} starts at ${thresholds[t]})` };
}

type Contender = { member: PoolMember; tierReason: string; reason: string };

function placeWithoutCapacity(
  member: PoolMember,
  tier: Tier | null,
  excludedBy: NegativeRule | undefined,
  model: ScoringModel,
): { poolStatus: PoolStatus; poolReason: string } | { contends: string } {
  const { promoteAt, retireBelow, minConfidence } = model.pool;
  if (excludedBy) {
    return {
      poolStatus: 'excluded',
      poolReason: `it is on the negative list: ${negativeReasonLabels[excludedBy.reason]} (rule ${ruleLabel(excludedBy)}${excludedBy.note ? `, ${excludedBy.note}` : ''})`,
    };
  }
  if (member.poolStatus === 'retired') return { poolStatus: 'retired', poolReason: member.poolReason ?? 'retired' };
  const wasTarget = member.poolStatus === 'target';
  if (member.score === null || member.scoreConfidence === null) {
    return { poolStatus: 'candidate', poolReason: member.scoreConfidence === null ? 'it has not been scored yet' : 'nothing is known to score it on' };
  }
  if (member.scoreConfidence < minConfidence) {
    return {
      poolStatus: 'candidate',
      poolReason: `its score rests on only ${percent(member.scoreConfidence)} of the model, and at least ${percent(minConfidence)} must be known before it can become a target`,
    };
  }
  if (wasTarget && member.score < retireBelow) {
    return { poolStatus: 'retired', poolReason: `its score of ${member.score} fell below ${retireBelow}, where targets are retired` };
  }
  if (tier === null) {
    return { poolStatus: 'candidate', poolReason: `its score of ${member.score} is below ${model.tierThresholds['3']}, where tier 3 starts` };
  }
  if (member.score >= promoteAt) return { contends: `its score of ${member.score} meets the promotion threshold of ${promoteAt}` };
  if (wasTarget) {
    return { contends: `its score of ${member.score} is below the promotion threshold of ${promoteAt} but not below ${retireBelow}, where targets are retired` };
  }
  return { poolStatus: 'candidate', poolReason: `its score of ${member.score} is below the promotion threshold of ${promoteAt}` };
}

function byClaimToCapacity(a: Contender, b: Contender): number {
  const hand = Number(b.member.tierOverride !== null) - Number(a.member.tierOverride !== null);
  const score = (b.member.score ?? 0) - (a.member.score ?? 0);
  const incumbent = Number(b.member.poolStatus === 'target') - Number(a.member.poolStatus === 'target');
  return hand || score || incumbent || a.member.domain.localeCompare(b.member.domain);
}

/** Every account's tier and pool status under the rules, keyed by account id. */
export function planPool(members: readonly PoolMember[], negativeList: readonly NegativeRule[], model: ScoringModel): Map<string, Placement> {
  const excludedBy = negativeListMatcher(negativeList);
  const plan = new Map<string, Placement>();
  const contenders: Record<Tier, Contender[]> = { 1: [], 2: [], 3: [] };

  for (const member of members) {
    const { tier, tierReason } = tierFor(member, model.tierThresholds);
    const placed = placeWithoutCapacity(member, tier, excludedBy(member), model);
    if ('contends' in placed) contenders[tier!].push({ member, tierReason, reason: placed.contends });
    else plan.set(member.id, { ...placed, tier, tierReason });
  }

  for (const t of [1, 2, 3] as const) {
    const capacity = model.pool.capacity[t];
    contenders[t].sort(byClaimToCapacity).forEach((c, rank) => {
      const fits = rank < capacity;
      plan.set(c.member.id, {
        poolStatus: fits ? 'target' : 'candidate',
        poolReason: fits
          ? c.reason
          : `it waits for room: ${c.reason}, but the tier-${t} budget of ${capacity} targets is taken by accounts placed by hand or scoring higher`,
        tier: t,
        tierReason: c.tierReason,
      });
    });
  }
  return plan;
}
