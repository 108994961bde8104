// `harpoon webhooks ...` and `harpoon alerts ...`: where reach events go (webhook subscriptions,
// Slack and Teams channels), and the deliveries to them: which failed and why, and replaying them.
import type { Command } from 'commander';
import { deliveryStatuses, listDeliveries, replayDelivery, replayFailed, type DeliveryStatus, type DeliveryView } from '../../reach/deliveries';
import { reachEventTypes } from '../../reach/reach-event';
import { alertEventTypes } from '../../reach/chat-alerts';
import { addAlertChannel, addWebhook, chatKinds, listTargets, removeTarget, type TargetView } from '../../reach/targets';
import { commandGroups } from '../groups';
import { addListCommand } from '../list-command';
import { printJsonOrLines, readOnLine, UserError, withDb } from '../runtime';

const targetLine = (t: TargetView) => `${t.id}  ${t.kind.padEnd(7)} ${t.url}  ${t.owner ? `for ${t.owner}  ` : ''}${t.events.join(',')}  since ${t.createdAt.slice(0, 10)}`;

function deliveryLine(d: DeliveryView): string {
  const answer = d.lastStatus !== null ? ` HTTP ${d.lastStatus}` : '';
  const why = d.status === 'delivered' ? '' : d.lastError ? `  ${d.lastError}` : '';
  return `${d.id}  ${d.status.padEnd(9)} ${d.eventType.padEnd(17)} → ${d.target.kind} ${d.target.host}  ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${answer}${d.replays > 0 ? `, replayed ${d.replays}×` : ''}${why}`;
}

export function registerWebhookCommands(program: Command) {
  const webhooks = program.command('webhooks').description(commandGroups.webhooks);

  webhooks
    .command('add <url>')
    .description('Subscribe a URL to reach events; prints the signing secret (shown this once)')
    .requiredOption('--events <types>', `comma-separated, some of: ${reachEventTypes.join(', ')}`)
    .option('--json', 'machine-readable output')
    .action((url: string, opts: { events: string; json?: boolean }) =>
      withDb(async (db) =>
        printJsonOrLines(opts.json, await addWebhook(db, { url, events: opts.events }), (hook) => [
          `${hook.id}  ${hook.url}  ${hook.events.join(',')}`,
          `secret: ${hook.secret}`,
          'Store it now: it is not shown again. Check each request\'s Harpoon-Signature with it (README "Webhooks and chat alerts").',
        ]),
      ),
    );

  addListCommand(webhooks, 'Webhook subscriptions: URL, event types, since (never the secrets)', (db) => listTargets(db, 'webhooks'), targetLine, 'No webhook subscriptions: harpoon webhooks add <url> --events mqa,won');

  webhooks
    .command('remove <id>')
    .description('Remove a subscription: no new deliveries, no further attempts; its deliveries stay on record')
    .action((id: string) => withDb(async (db) => console.log(`removed ${targetLine(await removeTarget(db, 'webhooks', id))}`)));

  webhooks
    .command('deliveries')
    .description('Deliveries to webhooks and chat channels, newest first: status, attempts, the last answer')
    .option('--failed', 'only those that failed (to replay)')
    .option('--status <status>', `one of ${deliveryStatuses.join(', ')}`)
    .option('--limit <n>', 'at most this many (at most 1000)', '100')
    .option('--before <id>', 'the deliveries after this one (the last of the page before), to read past the limit')
    .option('--json', 'machine-readable output')
    .action((opts: { failed?: boolean; status?: string; limit: string; before?: string; json?: boolean }) =>
      withDb(async (db) => {
        if (opts.status && !(deliveryStatuses as readonly string[]).includes(opts.status)) throw new UserError(`--status ${JSON.stringify(opts.status)}: expected one of ${deliveryStatuses.join(', ')}`);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UserError(`--limit ${JSON.stringify(opts.limit)}: expected a whole number from 1 to 1000`);
        const status = opts.failed ? 'failed' : (opts.status as DeliveryStatus | undefined);
        printJsonOrLines(opts.json, await listDeliveries(db, { status, limit, before: opts.before }), (rows) =>
          rows.length === 0 ? [status === 'failed' ? 'No failed deliveries.' : 'No deliveries yet.'] : [...rows.map(deliveryLine), ...readOnLine(rows, limit)],
        );
      }),
    );

  webhooks
    .command('replay [delivery]')
    .description('Deliver a failed delivery again (same Harpoon-Event-Id), or every failed one with --failed')
    .option('--failed', 'every failed delivery whose target is still there')
    .action((id: string | undefined, opts: { failed?: boolean }) =>
      withDb(async (db) => {
        if (!id === !opts.failed) throw new UserError('give a delivery id (see "harpoon webhooks deliveries --failed") or --failed, not both');
        const replayed = opts.failed ? await replayFailed(db) : [await replayDelivery(db, id!)];
        for (const d of replayed) console.log(`replaying ${deliveryLine(d)}`);
        if (replayed.length === 0) console.log('No failed deliveries to replay.');
        else console.log('A running worker delivers them within a second or so: harpoon webhooks deliveries');
      }),
    );
}

export function registerAlertCommands(program: Command) {
  const alerts = program.command('alerts').description(commandGroups.alerts);

  alerts
    .command('add <kind> <url>')
    .description(`Post rep alerts (${alertEventTypes.join(', ')}) to a ${chatKinds.join(' or ')} incoming webhook`)
    .option('--owner <email>', "only this rep's tasks (default: everyone's)")
    .option('--json', 'machine-readable output')
    .action((kind: string, url: string, opts: { owner?: string; json?: boolean }) =>
      withDb(async (db) => printJsonOrLines(opts.json, await addAlertChannel(db, { kind, url, owner: opts.owner }), (channel) => [`added ${targetLine(channel)}`])),
    );

  addListCommand(alerts, 'Alert channels: kind, URL (shortened: it is the credential), whose tasks', (db) => listTargets(db, 'alerts'), targetLine, 'No alert channels: harpoon alerts add slack <incoming-webhook-url>');

  alerts
    .command('remove <id>')
    .description('Remove an alert channel')
    .action((id: string) => withDb(async (db) => console.log(`removed ${targetLine(await removeTarget(db, 'alerts', id))}`)));
}
