// Which eligible accounts a journey holds out: stratified by tier (no tier is a stratum of its own),
// seeded, and sticky. Within each stratum the accounts are ordered by a stable hash of seed and
// account id, and the first ones are held out until the stratum's held-out count is
// round(share × accounts assigned in the stratum so far). Accounts already assigned keep their
// group, and count: so a later launch or one auto-enrolled account at a time keeps every stratum at
// the declared share (never more than half an account off), and the same seed always gives the same
// groups for the same accounts.

export type HoldoutGroup = 'treated' | 'held_out';

/** The stratum an account is assigned in: its tier when it was assigned. */
export const stratumOf = (tier: number | null) => (tier === null ? 'no tier' : `tier ${tier}`);

export type Assigned = { accountId: string; stratum: string; group: HoldoutGroup };

export type HoldoutCandidate = { accountId: string; tier: number | null };

// FNV-1a, 32 bits: stable across processes and platforms (unlike anything keyed by a random seed),
// and spread well enough to order accounts; ties, if any, fall back to the id.
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const drawOrder = (seed: string) => (a: HoldoutCandidate, b: HoldoutCandidate) =>
  fnv1a(`${seed}|${a.accountId}`) - fnv1a(`${seed}|${b.accountId}`) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);

/**
 * The group of each candidate: an earlier assignment stands; the others are assigned as above.
 * `earlier`: every assignment of this journey so far (their counts keep each stratum at the share).
 */
/**
 * How many of a stratum's `n` accounts are held out: round(share × n), but never more than half, the
 * promise the 0.5 ceiling on a share makes (50 % of 3 rounds to 2, which left the journey one).
 */
export function heldOutCount(share: number, n: number): number {
  return Math.min(Math.round(share * n), Math.floor(n / 2));
}

export function assignHoldout(candidates: readonly HoldoutCandidate[], share: number, seed: string, earlier: readonly Assigned[]): Assigned[] {
  const known = new Map(earlier.map((a) => [a.accountId, a]));
  const fresh = new Map<string, HoldoutCandidate[]>();
  for (const c of candidates) {
    if (known.has(c.accountId)) continue;
    const stratum = stratumOf(c.tier);
    const newcomers = fresh.get(stratum) ?? [];
    newcomers.push(c);
    fresh.set(stratum, newcomers);
  }
  const assigned = new Map<string, Assigned>();
  for (const [stratum, newcomers] of fresh) {
    const before = earlier.filter((a) => a.stratum === stratum);
    const heldBefore = before.filter((a) => a.group === 'held_out').length;
    const wanted = heldOutCount(share, before.length + newcomers.length) - heldBefore;
    const toHold = Math.min(Math.max(wanted, 0), newcomers.length);
    [...newcomers].sort(drawOrder(seed)).forEach((c, i) => assigned.set(c.accountId, { accountId: c.accountId, stratum, group: i < toHold ? 'held_out' : 'treated' }));
  }
  return candidates.map((c) => known.get(c.accountId) ?? assigned.get(c.accountId)!);
}

/** Strata in order: tier 1, 2, 3, then no tier. */
export const stratumOrder = (a: string, b: string) => (a === 'no tier' ? 1 : 0) - (b === 'no tier' ? 1 : 0) || a.localeCompare(b);

/** Held-out and treated counts per stratum, strata in order (tier 1, 2, 3, then no tier). */
export function countByStratum(assignments: readonly Assigned[]): { stratum: string; heldOut: number; treated: number }[] {
  const counts = new Map<string, { heldOut: number; treated: number }>();
  for (const a of assignments) {
    const c = counts.get(a.stratum) ?? { heldOut: 0, treated: 0 };
    c[a.group === 'held_out' ? 'heldOut' : 'treated'] += 1;
    counts.set(a.stratum, c);
  }
  return [...counts].sort(([a], [b]) => stratumOrder(a, b)).map(([stratum, c]) => ({ stratum, ...c }));
}

/** The timeline's words for a held-out account: why it hears nothing from the journey. */
export const holdoutNote = (journeyKey: string, stratum: string, share: number, seed: string) =>
  `held out of ${journeyKey}: ${percent(share)} of ${stratum} accounts, seed "${seed}"; measured, not contacted`;

/** The share and seed a launch holds out by. */
export type HoldoutPlan = { share: number; seed: string };

/** What a launch says about its holdout. */
export type LaunchHoldout = HoldoutPlan & {
  /** Domains this launch leaves out, newly or held out before. */
  heldOut: string[];
  /** This launch's accounts in the holdout, per stratum. */
  byStratum: { stratum: string; heldOut: number; treated: number }[];
};

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The launch's holdout in one line, for the CLI and the console. */
export const holdoutSummaryLine = (h: LaunchHoldout) =>
  `held out ${h.heldOut.length} (${percent(h.share)} of each tier, seed "${h.seed}"; measured, not contacted)${h.byStratum.length ? `: ${h.byStratum.map((s) => `${s.stratum}: ${s.heldOut} of ${s.heldOut + s.treated}`).join(', ')}` : ': no eligible account to divide'}`;

/** Assignments as the database stores them (the group a plain string). */
export const asAssigned = (rows: readonly { accountId: string; stratum: string; group: string }[]): Assigned[] =>
  rows.map((r) => ({ accountId: r.accountId, stratum: r.stratum, group: r.group === 'held_out' ? 'held_out' : 'treated' }));

/** A launch's holdout: each candidate's group (assignHoldout) and what the launch says about it. */
export function launchHoldout(candidates: readonly (HoldoutCandidate & { domain: string })[], plan: HoldoutPlan, earlier: readonly Assigned[]): { assigned: Assigned[]; summary: LaunchHoldout } {
  const assigned = assignHoldout(candidates, plan.share, plan.seed, earlier);
  const domainOf = new Map(candidates.map((c) => [c.accountId, c.domain]));
  return { assigned, summary: { ...plan, heldOut: assigned.filter((a) => a.group === 'held_out').map((a) => domainOf.get(a.accountId)!), byStratum: countByStratum(assigned) } };
}
