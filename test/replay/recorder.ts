// What every history recorder shares: a journey harness on a migrated database of its own (the
// recorders run under tsx, outside vitest and its template database), and `save`, which writes a
// workflow's history where replay.test.ts reads it, as `<prefix><release>-<name>.json`.
// Arguments: `<release> [scenario,...]`; the optional list writes only those scenarios, when the
// others would record nothing their older histories do not already hold.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { createDb } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { installRuntime } from '../../worker/runtime';
import { createJourneyHarness } from '../support/journey-harness';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories');

type HarnessOptions = Omit<NonNullable<Parameters<typeof createJourneyHarness>[0]>, 'db'>;

export async function startRecorder(prefix: string, options: HarnessOptions = {}) {
  installRuntime('warn');
  const release = process.argv[2] ?? 'v1';
  const only = process.argv[3]?.split(',');
  const dir = mkdtempSync(path.join(os.tmpdir(), `harpoon-replay-${prefix}`));
  const h = await createJourneyHarness({
    ...options,
    db: async () => {
      const url = `file:${path.join(dir, 'harpoon.db')}`;
      await migrateDatabase(url);
      return { db: await createDb(url), url, dir };
    },
  });

  /** Writes the history of the workflow's latest run, or of `runId`. */
  async function save(name: string, workflow: { workflowId: string }, runId?: string) {
    if (only && !only.includes(name)) return;
    const history = await h.env.client.workflow.getHandle(workflow.workflowId, runId).fetchHistory();
    // The proto3 JSON shape `temporal workflow show --output json` writes, read back by historyFromJSON.
    // (historyToJSON would do, but it trips over the second protobufjs copy the SDK packages carry.)
    const json = proto.temporal.api.history.v1.History.toObject(history as proto.temporal.api.history.v1.History, {
      enums: String,
      longs: String,
      bytes: String,
    });
    const file = `${prefix}${release}-${name}.json`;
    writeFileSync(path.join(outDir, file), `${JSON.stringify(json, null, 1)}\n`);
    console.log(`recorded ${file} (${history.events?.length} events)`);
  }

  return { h, dir, save };
}
