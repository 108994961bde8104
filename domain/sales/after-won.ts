// Where a won account goes: project buyers are delivered to (and come back with the next project),
// continuous and periodic buyers grow through expansion. The journey's stage of that name sets the
// cadence (weekly touches for continuous buyers, a yearly renewal for periodic ones, and so on).
export type Lifecycle = 'deliver' | 'expand';

export function lifecycleAfterWon(purchasePattern: string): Lifecycle {
  return purchasePattern === 'project' ? 'deliver' : 'expand';
}

/** Priority among accounts waiting for a rep's capacity: lower first (tier 1 before 3, then higher score). */
export function handoffPriority(tier: number | null, score: number | null): number {
  return (tier ?? 9) * 1000 + (100 - Math.round(score ?? 0));
}
