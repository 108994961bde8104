// The command line's side of the audit log: a command that succeeded, if it may change something, is
// appended with the operating-system user who ran it and its arguments and options.
import os from 'node:os';
import type { Command } from 'commander';
import { recordAudit } from '../audit/audit-log';
import { isAuditedCommand } from '../domain/audit/audit-text';
import { withDb } from './runtime';

/** The command's names below `harpoon`, e.g. ['keys', 'create']. */
function pathOf(command: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names;
}

function whoRuns(): string {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    // A container's user may have no name; the variables say what the shell knows.
    user = process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
  return `cli ${user}@${os.hostname()}`;
}

export async function auditCommand(command: Command): Promise<void> {
  const path = pathOf(command);
  if (!isAuditedCommand(path)) return;
  // As JSON keeps it: an optional argument left out is null, not the undefined the database refuses.
  const detail = JSON.parse(JSON.stringify({ arguments: command.processedArgs, options: command.opts() })) as Record<string, unknown>;
  const entry = { door: 'cli' as const, actor: whoRuns(), action: path.join(' '), detail };
  try {
    await withDb((db) => recordAudit(db, entry));
  } catch (err) {
    // What the command did stands; that the log lacks it is said in full, so it can be added by hand.
    process.stderr.write(`harpoon: done, but NOT recorded in the audit log (${(err as Error).message}): ${JSON.stringify(entry)}\n`);
    process.exitCode = 1;
  }
}
