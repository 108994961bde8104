import type { Command } from 'commander';
import { accountTimeline } from '../../timeline/account-timeline';
import { accountFor } from '../../accounts/find-account';
import { operator } from '../../domain/access/acting-user';
import { printJson, withDb } from '../runtime';

/** `accounts timeline <domain>`: one account's full history. */
export function registerTimelineCommand(accounts: Command) {
  accounts
    .command('timeline <domain>')
    .description("One account's full history: every touch, skip (and why), response and journey decision")
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { json?: boolean }) => {
      await withDb(async (db) => {
        const account = await accountFor(db, operator, ref);
        const rows = await accountTimeline(db, account.id);
        if (opts.json) return printJson({ account: { id: account.id, domain: account.domain, name: account.name }, timeline: rows });
        if (rows.length === 0) return console.log(`${account.name} (${account.domain}) has no history yet.`);
        console.log(`${account.name} (${account.domain}), times in UTC`);
        for (const r of rows) {
          // People by name, as the console and the sales evidence name them (address when nameless).
          const who = r.person ? ` ${r.person}:` : '';
          const journey = r.journey ? ` [${r.journey}]` : '';
          console.log(`${r.at.slice(0, 16).replace('T', ' ')}${journey}${who} ${r.summary}`);
        }
      });
    });
}
