// One durable journey per (journey, account). Orchestration only: the journey's decisions live in
// pure modules under domain/, every side effect in activities. The input carries IDs, never
// personal data.
import {
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { AccountId, AccountTier, JourneyName, JourneyStage } from '../temporal/search-attributes';

export type AccountJourneyInput = {
  version: 1;
  journeyKey: string;
  journeyVersion: number;
  accountId: string;
};

export type JourneyStatus = {
  journeyKey: string;
  accountId: string;
  status: 'running' | 'stopped';
  stage: string;
};

export const stopSignal = defineSignal<[{ reason: string }]>('stop');
export const statusQuery = defineQuery<JourneyStatus>('status');

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function accountJourney(input: AccountJourneyInput): Promise<JourneyStatus> {
  const { workflowId } = workflowInfo();
  const state: JourneyStatus = { journeyKey: input.journeyKey, accountId: input.accountId, status: 'running', stage: 'identify' };
  let stopReason: string | undefined;
  setHandler(stopSignal, ({ reason }) => {
    stopReason = reason;
  });
  setHandler(statusQuery, () => state);

  const account = await acts.loadAccountSnapshot(input.accountId);
  upsertMemo({ accountName: account.displayName });
  upsertSearchAttributes([
    { key: AccountId, value: input.accountId },
    { key: AccountTier, value: account.tier === null ? 'none' : String(account.tier) },
    { key: JourneyName, value: input.journeyKey },
    { key: JourneyStage, value: state.stage },
  ]);
  await acts.recordJourneyStart({
    workflowId,
    journeyKey: input.journeyKey,
    journeyVersion: input.journeyVersion,
    accountId: input.accountId,
    stage: state.stage,
  });

  await condition(() => stopReason !== undefined);
  state.status = 'stopped';
  await acts.recordJourneyEnd({ workflowId, status: 'stopped', reason: stopReason ?? 'stopped' });
  return state;
}
