// `accounts tier <domain> <tier>` through the CLI: "auto" (in any case, as the other keywords are
// read) hands a fixed tier back to the score.
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { useFreshDb } from '../support/fresh-db';

const t = useFreshDb();
let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: t.url, HARPOON_DATA_DIR: t.dir };
  await t.db.account.create({ data: { domain: 'fixed-tier.example', name: 'Fixed Tier AG', tier: 2, poolStatus: 'target' } });
});

it('fixes a tier by hand and releases it with AUTO as with auto', async () => {
  const fixed = await runCli(['accounts', 'tier', 'fixed-tier.example', '1', '--reason', 'board sponsor'], env);
  expect(fixed.code, fixed.stderr).toBe(0);
  expect((await t.db.account.findUniqueOrThrow({ where: { domain: 'fixed-tier.example' } })).tierOverride).toBe(1);
  const released = await runCli(['accounts', 'tier', 'fixed-tier.example', 'AUTO', '--reason', 'back to the score'], env);
  expect(released.code, released.stderr).toBe(0);
  expect((await t.db.account.findUniqueOrThrow({ where: { domain: 'fixed-tier.example' } })).tierOverride).toBeNull();
});
