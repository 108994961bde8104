// A SQLite DATABASE_URL whose folder cannot be made is a configuration mistake: the CLI, the worker
// and npm start say which setting and why, where they printed mkdir's stack trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors';
import { migrateDatabase } from '../../db/migrate';

describe('the database folder', () => {
  it('names DATABASE_URL and the file in the way when the folder cannot be made', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'harpoon-folder-'));
    const inTheWay = path.join(dir, 'data');
    writeFileSync(inTheWay, 'not a folder');
    const url = `file:${path.join(inTheWay, 'harpoon.db')}`;
    const err = await migrateDatabase(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      `DATABASE_URL: cannot make the folder ${inTheWay} for the database ${url} (a file is in the way); point it at a file in a folder this user can write`,
    ]);
  });
});
