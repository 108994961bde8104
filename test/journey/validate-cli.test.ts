// A journey file with problems, through the real CLI as a marketer runs it: `journeys validate` and
// `journeys publish` list every problem under the refusal, each with its path in the file (what
// `--json` gives a script), and publish writes nothing.
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { freePort } from '../support/free-port';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` };
});

const file = path.join('test', 'journey', 'fixtures', 'schema-errors.yaml');

it('lists every problem of a journey file under the refusal, as --json gives them', async () => {
  const json = await runCli(['journeys', 'validate', file, '--json'], env);
  const { problems } = JSON.parse(json.stdout) as { problems: { path: string; message: string }[] };
  expect(problems.length).toBeGreaterThan(1);
  const lines = problems.map((p) => `  ${p.path}: ${p.message}`);

  const validate = await runCli(['journeys', 'validate', file], env);
  expect(validate.code).toBe(1);
  expect(validate.stderr.trimEnd().split('\n')).toEqual([`harpoon: ${file}: ${problems.length} problems`, ...lines]);

  const publish = await runCli(['journeys', 'publish', file], env);
  expect(publish.code).toBe(1);
  expect(publish.stderr.trimEnd().split('\n').slice(1)).toEqual(lines);
  expect(await t.db.journeyVersion.count()).toBe(0);
});
