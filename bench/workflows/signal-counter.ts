// The reaction benchmark's baseline: the least a workflow can do to reflect an event, count the
// signal and answer a query with the count.
import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';

export const countedSignal = defineSignal<[{ eventId: string }]>('counted');
export const countQuery = defineQuery<number>('count');

export async function signalCounter(): Promise<void> {
  let count = 0;
  setHandler(countedSignal, () => void count++);
  setHandler(countQuery, () => count);
  await condition(() => false);
}
