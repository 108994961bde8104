// `harpoon audit`: who did what and when, newest first, through any door (the API, the console, the
// command line), filtered as GET /v1/audit filters.
import type { Command } from 'commander';
import { auditFilterSchema, readAudit } from '../../audit/audit-log';
import { filterProblems } from '../../domain/metrics/filter';
import { commandGroups } from '../groups';
import { printJsonOrLines, readOnLine, UserError, withDb } from '../runtime';

export function registerAuditCommand(program: Command) {
  program
    .command('audit')
    .description(commandGroups.audit)
    .option('--actor <text>', 'part of who acted, e.g. a key name or "cli alice"')
    .option('--action <text>', 'part of what was done, e.g. launch or "keys create"')
    .option('--from <day>', 'first day, YYYY-MM-DD (UTC)')
    .option('--to <day>', 'last day, YYYY-MM-DD (UTC), included')
    .option('--limit <n>', 'how many entries, newest first (default 100, at most 1000)')
    .option('--before <id>', 'the entries after this one (the last of the page before), to read past the limit')
    .option('--json', 'machine-readable output')
    .action(async ({ json, ...raw }: Record<string, string | undefined> & { json?: boolean }) => {
      const parsed = auditFilterSchema.safeParse(raw);
      if (!parsed.success) throw new UserError(filterProblems(parsed.error).join('; '));
      await withDb(async (db) =>
        printJsonOrLines(json, await readAudit(db, parsed.data), (entries) =>
          entries.length === 0
            ? ['Nothing recorded that matches.']
            : [
                ...entries.map((e) => `${e.at.slice(0, 19).replace('T', ' ')}  ${e.actor}  ${e.action}  ${JSON.stringify(e.detail ?? {})}`),
                ...readOnLine(entries, parsed.data.limit),
              ],
        ),
      );
    });
}
