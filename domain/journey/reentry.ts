// Whether an account that was in a journey before may enter it again, with the reason when not.
// The journey's workflow ID stays `journey/<key>/<account-id>`: each entry is a new run of that ID
// (Temporal keeps at most one open run per ID and, with its default reuse policy, lets a closed ID
// start again), so this rule, not Temporal, decides whether a closed journey may start over.
import type { Reentry } from './definition';
import { parseDuration } from '../time/duration';

/** The account's last run of the journey, as the JourneyRun table has it. */
export type PreviousRun = { status: string; endedAt: Date | null; exitReason: string | null };

/** A change of the account's tier or pool status (the StatusChange table). */
export type AccountChange = { field: string; at: Date };

export type ReentryDecision = { admitted: true } | { admitted: false; reason: string };

const requalifyingFields = new Set(['tier', 'tierOverride', 'poolStatus']);

/**
 * Decides a new entry for an account whose previous run has ended (a running one is "already
 * running", not a re-entry). Without a policy, journeys behave as they always did: again once ended.
 */
export function decideReentry(policy: Reentry | undefined, previous: PreviousRun, changes: readonly AccountChange[], nowMs: number): ReentryDecision {
  const endedAt = previous.endedAt;
  if (endedAt === null) return { admitted: true };
  const ended = `its previous run ended ${endedAt.toISOString()} (${previous.exitReason ?? previous.status})`;
  switch (policy?.policy ?? 'after_exit') {
    case 'once':
      return { admitted: false, reason: `re-entry policy once: ${ended}` };
    case 'after_exit': {
      const cooldownMs = parseDuration(policy?.cooldown ?? '') ?? 0;
      const until = endedAt.getTime() + cooldownMs;
      if (nowMs >= until) return { admitted: true };
      return { admitted: false, reason: `re-entry cooldown ${policy?.cooldown} runs until ${new Date(until).toISOString()}: ${ended}` };
    }
    case 'on_requalify': {
      const changed = changes.some((c) => requalifyingFields.has(c.field) && c.at.getTime() > endedAt.getTime());
      if (changed) return { admitted: true };
      return { admitted: false, reason: `re-entry policy on_requalify: its tier and pool status have not changed since ${ended}` };
    }
  }
}
