// How a journey run begins: its definition, account and engagement loaded, its state made (from
// what the previous run carried, after a roll-over), and then announced in search attributes, memo
// and on its timeline. Journeys begun on older code replay the activities and upserts they ran.
import { patched, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { AccountSnapshot } from '../activities/journey-runs';
import type { EngagementEvent } from '../domain/engagement/score';
import type { JourneyDefinition } from '../domain/journey/definition';
import { JourneyState } from '../domain/journey/journey-state';
import { AccountId, AccountTier, EngagementScore, JourneyName, JourneyStage } from '../temporal/search-attributes';
import { acts, localActs } from './activity-proxies';
import type { AccountJourneyInput } from './journey-api';

export type BegunJourney = { def: JourneyDefinition; account: AccountSnapshot; state: JourneyState; inOneActivity: boolean };

export async function beginJourney(
  input: AccountJourneyInput,
  run: { workflowId: string; journeyKey: string; journeyVersion: number; accountId: string },
  chainId: string,
): Promise<BegunJourney> {
  // One activity reaches the first step (definition, account, engagement, the start recorded);
  // journeys begun before it replay their four activities and their upserts.
  const inOneActivity = patched('begin-in-one-activity');
  // An event delivered late (it happened just before the launch) qualifies the account as it moves
  // the journey. Asked once, by the journey's first run, and carried by each roll-over in its input
  // (as recordsSteps is): a marker in every run of a journey that rolls over daily made the
  // time-skipping server stall under load (test/workflows/reviews.test.ts). Runs begun before
  // replay without it.
  const countsLateEvents = input.carried ? input.countsLateEvents === true : patched('late-events-qualify');
  let def: JourneyDefinition;
  let account: AccountSnapshot;
  let history: EngagementEvent[] = [];
  if (inOneActivity) {
    // A local activity: the journey reaches its first step in its first workflow task, as a bare
    // workflow would; journeys begun before this change replay the activity they ran.
    const begin = patched('begin-locally') ? localActs.beginJourney : acts.beginJourney;
    ({ definition: def, account, history } = await begin({ ...run, chainId, continued: Boolean(input.carried), nowMs: Date.now(), ...(input.entry ? { entry: input.entry } : {}) }));
  } else {
    def = await acts.loadJourneyDefinition({ key: input.journeyKey, version: input.journeyVersion });
    account = await acts.loadAccountSnapshot(input.accountId);
  }
  const state = new JourneyState(def, Date.now(), input.carried);
  if (countsLateEvents) state.countsLateEvents = true;
  if (inOneActivity) {
    for (const event of history) state.addEvent(event);
  } else if (!input.carried && patched('engagement-from-history')) {
    // Journeys launched before this change started with no engagement; they carry on as they were.
    for (const event of await acts.loadEngagementHistory({ accountId: input.accountId, untilMs: Date.now() })) state.addEvent(event);
  }
  return { def, account, state, inOneActivity };
}

/** Search attributes and memo for the Web UI and `journeys list`; a first run also records its start. */
export async function announceJourney(
  input: AccountJourneyInput,
  { account, state, inOneActivity }: BegunJourney,
  run: { workflowId: string; journeyKey: string; journeyVersion: number; accountId: string },
  chainId: string,
): Promise<void> {
  const score = state.engagement(Date.now()).score;
  const { typedSearchAttributes: preset, memo } = workflowInfo();
  if (inOneActivity && preset.get(JourneyName) !== undefined && memo?.accountName !== undefined) {
    // The launcher set them at start (use-cases/launch.ts); only a score from history is news.
    if (preset.get(EngagementScore) !== score) upsertSearchAttributes([{ key: EngagementScore, value: score }]);
  } else {
    upsertMemo({ accountName: account.displayName, journeyVersion: input.journeyVersion });
    upsertSearchAttributes([
      { key: AccountId, value: input.accountId },
      { key: AccountTier, value: account.tier === null ? 'none' : String(account.tier) },
      { key: JourneyName, value: input.journeyKey },
      { key: JourneyStage, value: state.position.stage },
      { key: EngagementScore, value: score },
    ]);
  }
  if (!input.carried) {
    if (!inOneActivity) await acts.recordJourneyStart({ ...run, chainId, stage: state.position.stage, atMs: Date.now() });
    state.note(Date.now(), 'journey', `started version ${input.journeyVersion} in stage ${state.position.stage}`);
  }
}
