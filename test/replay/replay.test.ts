// Replays the recorded histories of journeys (test/replay/histories) against today's workflow
// code: a change that would break journeys already running fails here, before it is deployed.
// Make such a change behind `patched('why')`, then record new histories (record-histories.ts).
import '../support/quiet-runtime';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { expect, it } from 'vitest';
import { workflowsPath } from '../../worker/create-worker';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

it('has recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(3);
});

it('replays every recorded journey history without nondeterminism', async () => {
  const histories = files.map((file) => ({
    workflowId: file,
    history: proto.temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath, replayName: 'harpoon-replay' }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
});
