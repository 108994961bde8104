// A launch's holdout: which of its eligible accounts the journey holds out (domain/measurement/
// holdout.ts decides), recorded before any journey of the launch starts. The new assignments and
// the timeline note of each newly held-out account are written in one transaction, so an account
// is never held out without saying so, nor said to be held out and then started; an account
// assigned before keeps its group. Two launches of one journey at once (auto-enrolment beside an
// operator's launch) meet at the unique (journey, account): the one refused reads the winner's
// assignments and decides again.
import type { Db } from '../db/client';
import { againAfterUniqueRace } from '../db/transaction';
import { asAssigned, holdoutNote, launchHoldout, type HoldoutCandidate, type HoldoutGroup, type HoldoutPlan, type LaunchHoldout } from '../domain/measurement/holdout';
import { recordTouches } from '../timeline/record-touch';


export const holdoutTouchType = 'journey_held_out';

/**
 * The holdout a launch of the journey applies: the share given for this launch, else the journey's
 * declared one, else the latest one it was launched with. A journey once launched with a holdout
 * keeps it, so a relaunch or auto-enrolment that names no share never starts a held-out account.
 */
export async function holdoutPlanFor(
  db: Db,
  journeyKey: string,
  declared: { share: number; seed?: string } | undefined,
  givenShare?: number,
): Promise<HoldoutPlan | undefined> {
  if (givenShare !== undefined || declared) return { share: givenShare ?? declared!.share, seed: declared?.seed ?? journeyKey };
  return (await db.holdoutAssignment.findFirst({ where: { journeyKey }, orderBy: { assignedAt: 'desc' }, select: { share: true, seed: true } })) ?? undefined;
}

/** The group of each candidate, recording the new ones; `launch` says which launch assigned them. */
export async function holdoutGroups(
  db: Db,
  journeyKey: string,
  plan: HoldoutPlan,
  eligible: readonly (HoldoutCandidate & { domain: string })[],
  launch: { label: string; at: Date },
  /** Accounts that ran the journey before it had a holdout: outside the comparison, started as before. */
  ranBefore: ReadonlySet<string>,
): Promise<{ groups: Map<string, HoldoutGroup>; summary: LaunchHoldout }> {
  return againAfterUniqueRace(() =>
    db.$transaction(async (tx) => {
      const earlier = asAssigned(await tx.holdoutAssignment.findMany({ where: { journeyKey }, select: { accountId: true, stratum: true, group: true } }));
      const known = new Set(earlier.map((a) => a.accountId));
      const candidates = eligible.filter((a) => known.has(a.accountId) || !ranBefore.has(a.accountId));
      const { assigned, summary } = launchHoldout(candidates, plan, earlier);
      const fresh = assigned.filter((a) => !known.has(a.accountId));
      if (fresh.length > 0) {
        await tx.holdoutAssignment.createMany({
          data: fresh.map((a) => ({ journeyKey, accountId: a.accountId, group: a.group, stratum: a.stratum, share: plan.share, seed: plan.seed, launch: launch.label, assignedAt: launch.at })),
        });
        await recordTouches(
          tx,
          fresh
            .filter((a) => a.group === 'held_out')
            .map((a) => ({
              idempotencyKey: `holdout|${journeyKey}|${a.accountId}`,
              accountId: a.accountId,
              journeyKey,
              type: holdoutTouchType,
              at: launch.at,
              detail: { text: holdoutNote(journeyKey, a.stratum, plan.share, plan.seed), stratum: a.stratum, share: plan.share, seed: plan.seed },
            })),
        );
      }
      return { groups: new Map(assigned.map((a) => [a.accountId, a.group])), summary };
    }),
  );
}
