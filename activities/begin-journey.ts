// Everything a journey needs before its first step, in one activity (one activity task and one
// workflow task instead of four of each): the definition, the account, its recent engagement, and
// the start recorded in SQL. Composed from the single-purpose activities, which journeys started
// before this existed still call one by one on replay.
import { startPosition } from '../domain/journey/engine';
import type { JourneyDefinition } from '../domain/journey/definition';
import type { EngagementEvent } from '../domain/engagement/score';
import type { createEngagementHistoryActivities } from './engagement-history';
import type { createJourneyDefinitionActivities } from './journey-definitions';
import type { AccountSnapshot, createJourneyRunActivities, JourneyRunRef } from './journey-runs';

export type BeginJourneyRequest = JourneyRunRef & {
  /** The first run's ID: the same across continue-as-new, new for a relaunch. */
  chainId: string;
  /** A run continued from an earlier one: it has its state and its start is already recorded. */
  continued: boolean;
  /** The workflow's clock: engagement up to this moment is loaded, and the start is recorded at it. */
  nowMs: number;
  /** Which entry into the journey this is (re-entry); absent for the first. */
  entry?: number;
};

export type BegunJourney = { definition: JourneyDefinition; account: AccountSnapshot; history: EngagementEvent[] };

type Parts = ReturnType<typeof createJourneyDefinitionActivities> &
  Pick<ReturnType<typeof createJourneyRunActivities>, 'loadAccountSnapshot' | 'recordJourneyStart'> &
  ReturnType<typeof createEngagementHistoryActivities>;

export function createBeginJourneyActivities(parts: Parts) {
  return {
    async beginJourney({ chainId, continued, nowMs, entry, ...run }: BeginJourneyRequest): Promise<BegunJourney> {
      const [definition, account, history] = await Promise.all([
        parts.loadJourneyDefinition({ key: run.journeyKey, version: run.journeyVersion }),
        parts.loadAccountSnapshot(run.accountId),
        continued ? Promise.resolve([]) : parts.loadEngagementHistory({ accountId: run.accountId, untilMs: nowMs }),
      ]);
      if (!continued) await parts.recordJourneyStart({ ...run, chainId, entry, stage: startPosition(definition).stage, atMs: nowMs });
      return { definition, account, history };
    },
  };
}
