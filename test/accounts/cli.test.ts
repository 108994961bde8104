import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedSampleData } from '../../accounts/seed-sample-data';
import { projectRoot } from '../../config/env';
import { useFreshDb } from '../support/fresh-db';

function harpoon(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(projectRoot, 'bin', 'harpoon.mjs'), ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: databaseUrl } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

const seeded = useFreshDb();
beforeAll(async () => {
  await seedSampleData(seeded.db);
});

describe('harpoon accounts (CLI)', () => {
  it('rejects an invalid import with exit code 1, one line per problem, and writes nothing', async () => {
    const before = await seeded.db.account.findMany({ orderBy: { domain: 'asc' } });
    const run = await harpoon(seeded.url, 'accounts', 'import', path.join(projectRoot, 'samples', 'invalid', 'accounts.csv'));
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^harpoon: accounts\.csv: 8 of 10 rows are invalid .*nothing was imported/);
    expect(lines).toContain('row 5, column timezone: "Asia/Canton" is not an IANA time zone, expected a name such as Europe/Berlin, Asia/Shanghai or UTC');
    expect(lines).toContain('row 8, column tier: 4 is not a tier, expected 1 (one-to-one), 2 (one-to-few) or 3 (one-to-many), or auto for the tier its score gives');
    expect(lines.slice(1).every((l) => /^row \d+, column [a-z_.]+: /.test(l))).toBe(true);
    expect(await seeded.db.account.findMany({ orderBy: { domain: 'asc' } })).toEqual(before);

    // A --rejects that would be ignored, overwrite the input, or cannot be written: refused in words, nothing imported.
    const invalidFile = path.join(projectRoot, 'samples', 'invalid', 'accounts.csv');
    const ignored = await harpoon(seeded.url, 'accounts', 'import', invalidFile, '--rejects', path.join(seeded.dir, 'r.csv'));
    expect([ignored.code, ignored.stderr.trim()]).toEqual([1, 'harpoon: --rejects: only with --partial (without it, an import with a bad row writes nothing and lists every problem)']);
    const overwrite = await harpoon(seeded.url, 'accounts', 'import', invalidFile, '--partial', '--rejects', invalidFile);
    expect([overwrite.code, overwrite.stderr.trim()]).toEqual([1, `harpoon: --rejects: ${invalidFile} is the file being imported; name another file`]);
    const nowhere = path.join(seeded.dir, 'no-such-folder', 'r.csv');
    const unwritable = await harpoon(seeded.url, 'accounts', 'import', invalidFile, '--partial', '--rejects', nowhere);
    expect([unwritable.code, unwritable.stderr.trim()]).toEqual([1, `harpoon: the rejects file ${nowhere} cannot be written (no such directory): nothing was imported; name a file in a folder you can write with --rejects`]);
    expect(await seeded.db.account.findMany({ orderBy: { domain: 'asc' } })).toEqual(before);
  });

  it('answers read commands with --json for scripts', async () => {
    const show = await harpoon(seeded.url, 'accounts', 'show', 'https://www.demo.harpoon.example/', '--json');
    expect(show.code, show.stderr).toBe(0);
    const demo = JSON.parse(show.stdout);
    expect(demo).toMatchObject({ domain: 'demo.harpoon.example', pool: { status: 'target' }, tier: { tier: 3 }, coverage: { ratio: 1 } });

    const list = await harpoon(seeded.url, 'accounts', 'list', '--tier', '3', '--status', 'target', '--json');
    const rows = JSON.parse(list.stdout) as { domain: string; tier: number; status: string }[];
    expect(rows.every((r) => r.tier === 3 && r.status === 'target')).toBe(true);
    expect(rows.map((r) => r.domain)).toContain('demo.harpoon.example');
  });

  it('says in one line what was wrong with an option', async () => {
    const run = await harpoon(seeded.url, 'accounts', 'list', '--tier', '4');
    expect(run).toMatchObject({ code: 1, stderr: 'harpoon: --tier "4": expected 1 (one-to-one), 2 (one-to-few) or 3 (one-to-many)\n' });
  });

  it('stops quietly when the reader of --json output has gone, as `| head` does', async () => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'harpoon.mjs'), 'accounts', 'list', '--json'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: seeded.url },
    });
    child.stdout.destroy(); // the reader is gone before the first write: every write meets EPIPE
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
