// `journeys publish --dry-run --json` through the real CLI, with Temporal out of reach: it says what
// publishing would do and that nothing was written, and writes nothing.
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { freePort } from '../support/free-port';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
beforeAll(async () => {
  // A port nobody listens on: the dry run carries on from the database alone.
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` };
});

it('answers created: false with what it would publish, and writes nothing', async () => {
  const file = path.join('journeys', 'tier3-nurture.yaml');
  const preview = await runCli(['journeys', 'publish', file, '--dry-run', '--json'], env);
  expect(preview.code, preview.stderr).toBe(0);
  expect(JSON.parse(preview.stdout)).toMatchObject({ key: 'tier3-nurture', dryRun: true, created: false, wouldCreate: true, version: 1 });
  expect(await t.db.journeyVersion.count()).toBe(0);

  await runCli(['journeys', 'publish', file], env);
  const unchanged = JSON.parse((await runCli(['journeys', 'publish', file, '--dry-run', '--json'], env)).stdout);
  expect(unchanged).toMatchObject({ dryRun: true, created: false, wouldCreate: false, version: 1 });
});
