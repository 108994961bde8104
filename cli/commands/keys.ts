// `harpoon keys ...`: API keys for the HTTP API. The secret is printed once, at creation; Harpoon
// keeps only its hash.
import type { Command } from 'commander';
import { createApiKey, listApiKeys, revokeApiKey } from '../../use-cases/api-keys';
import { apiRole, apiRoles } from '../../domain/access/roles';
import { commandGroups } from '../groups';
import { addListCommand } from '../list-command';
import { printJsonOrLines, UserError, withDb } from '../runtime';

function keyLine(k: Awaited<ReturnType<typeof listApiKeys>>[number]): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt.slice(0, 10)}` : `last used ${k.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}`;
  return `${k.id}  ${k.role.padEnd(9)} ${k.rep ?? ''}  "${k.name}"  created ${k.createdAt.slice(0, 10)}, ${state}`;
}

export function registerKeyCommands(program: Command) {
  const keys = program.command('keys').description(commandGroups.keys);

  keys
    .command('create')
    .description('Create an API key and print its secret (shown this once)')
    .requiredOption('--role <role>', `${apiRoles.join(' | ')}: marketing (accounts, contacts, journeys, events), sales (its rep's tasks and accounts), admin (everything)`)
    .requiredOption('--name <name>', 'what the key is for, e.g. "webinar platform"')
    .option('--rep <email>', 'the sales rep a sales key acts for')
    .option('--json', 'machine-readable output')
    .action((opts: { role: string; name: string; rep?: string; json?: boolean }) =>
      withDb(async (db) => {
        const role = apiRole.safeParse(opts.role);
        if (!role.success) throw new UserError(`--role ${JSON.stringify(opts.role)}: expected one of ${apiRoles.join(', ')}`);
        if (opts.name.trim() === '') throw new UserError('--name: expected what the key is for, e.g. "webinar platform"');
        printJsonOrLines(opts.json, await createApiKey(db, { name: opts.name.trim(), role: role.data, repEmail: opts.rep }), (key) => [
          `${key.id}  ${key.role}${key.rep ? ` for ${key.rep}` : ''}  "${key.name}"`,
          `secret: ${key.secret}`,
          'Store it now: it is not shown again. Send it as "Authorization: Bearer <secret>".',
        ]);
      }),
    );

  addListCommand(keys, 'API keys: role, rep, created, last used, revoked (never the secrets)', listApiKeys, keyLine, 'No API keys yet: harpoon keys create --role marketing --name <what for>');

  keys
    .command('revoke <key>')
    .description('Revoke a key by its id (or its name); requests with it get 401 at once')
    .action((ref: string) =>
      withDb(async (db) => {
        const key = await revokeApiKey(db, ref);
        console.log(`${key.id} "${key.name}" revoked at ${key.revokedAt}`);
      }),
    );
}
