// The `list` command most groups have: every row from the database, as JSON for scripts (`--json`)
// or one line each, and a sentence saying what to do when there is none yet.
import type { Command } from 'commander';
import type { Db } from '../db/client';
import { printJsonOrLines, withDb } from './runtime';

export function addListCommand<T>(parent: Command, description: string, list: (db: Db) => Promise<T[]>, line: (row: T) => string, none: string): Command {
  return parent
    .command('list')
    .description(description)
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => withDb(async (db) => printJsonOrLines(opts.json, await list(db), (rows) => (rows.length === 0 ? [none] : rows.map(line)))));
}
