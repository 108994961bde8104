// A workflow that only sleeps, one minute at a time: each wake-up is one timer fire and one
// workflow task on the server, with no activity and no database behind it.
import { sleep } from '@temporalio/workflow';

export async function ticker(ticks: number): Promise<void> {
  for (let i = 0; i < ticks; i++) await sleep(60_000);
}
