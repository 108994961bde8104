import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { commandGroups } from '../groups';
import type { LaunchSummary } from '../../use-cases/launch';
import type { SteerAction } from '../../use-cases/steer';
import type { Db } from '../../db/client';
import { accountFor, findAccountByDomain } from '../../accounts/find-account';
import { accountRefs } from '../../accounts/account-refs';
import { operator } from '../../domain/access/acting-user';
import { holdoutSummaryLine } from '../../domain/measurement/holdout';
import { holdoutShareTextSchema } from '../../domain/measurement/holdout-settings';
import { formatInZone } from '../../domain/time/zone-time';
import { plural } from '../../domain/words/plural';
import { printJson, UserError, withDb, withTemporal, withTemporalIfReachable, withTemporalOnDemand } from '../runtime';

/** An instant of `journeys status` as people read it: `Mon 7 Dec 2026, 13:05 UTC` (`--json` keeps ISO). */
const utc = (iso: string) => formatInZone(Date.parse(iso), 'UTC');

async function accountsToLaunch(db: Db, opts: { tier?: string; account?: string; accounts?: string }) {
  const chosen = [opts.tier, opts.account, opts.accounts].filter((v) => v !== undefined).length;
  if (chosen !== 1) throw new UserError('Say which accounts: exactly one of --tier <1|2|3>, --account <domain> or --accounts <file>.');
  if (opts.account) return [await accountFor(db, operator, opts.account)];
  if (opts.tier) {
    const tier = Number(opts.tier);
    if (![1, 2, 3].includes(tier)) throw new UserError(`--tier ${opts.tier}: expected 1, 2 or 3.`);
    const { accountsInTier } = await import('../../use-cases/launch');
    return accountsInTier(db, tier);
  }
  let text: string;
  try {
    text = readFileSync(opts.accounts!, 'utf8');
  } catch (err) {
    throw new UserError(`--accounts ${opts.accounts}: cannot read the file (${(err as NodeJS.ErrnoException).code}).`);
  }
  let refs: string[];
  try {
    refs = accountRefs(text);
  } catch (err) {
    throw new UserError(`--accounts ${opts.accounts}: cannot be read as one domain per line or as CSV: ${(err as Error).message}`);
  }
  const accounts = [];
  const unknown = [];
  for (const ref of refs) {
    // Any form `--account` takes: a domain as typed or as a URL, or an account id.
    const account = (await db.account.findUnique({ where: { id: ref } })) ?? (await findAccountByDomain(db, ref));
    if (account) accounts.push(account);
    else unknown.push(ref);
  }
  // Launch and forecast read the file alike: either does all of it or nothing.
  if (unknown.length > 0) {
    throw new UserError(`--accounts ${opts.accounts}: ${plural(unknown.length, 'unknown account')} (below); correct or remove ${unknown.length === 1 ? 'it' : 'them'} and run again.`, unknown.map((u) => `  ${u}`));
  }
  if (accounts.length === 0) throw new UserError(`--accounts ${opts.accounts}: names no account, expected one domain (or account id) per line, or a CSV with a domain column.`);
  return accounts;
}

/** A journey file (validated, not published) or the latest published version of a key. */
async function journeyToForecast(db: Db, ref: string) {
  const { latestJourneyVersion, validJourneyFile } = await import('../../journeys/catalog');
  if (/\.(ya?ml|json)$/i.test(ref)) {
    const definition = validJourneyFile(ref);
    return { definition, journey: { key: definition.key, version: null, source: ref } };
  }
  const published = await latestJourneyVersion(db, ref);
  if (!published) throw new UserError(`${ref}: no journey file of that name and no published journey with that key; give a .yaml/.json file or a key from \`journeys list\`.`);
  return { definition: published.definition, journey: { key: published.key, version: published.version, source: `published v${published.version}` } };
}

function printSummary(s: LaunchSummary) {
  console.log(`${s.journeyKey} v${s.journeyVersion}: ${s.started.length} started, ${s.alreadyRunning.length} already running, ${s.notEligible.length} not eligible`);
  const byReason = new Map<string, string[]>();
  for (const { domain, reason } of s.notEligible) byReason.set(reason, [...(byReason.get(reason) ?? []), domain]);
  for (const [reason, domains] of byReason) {
    const shown = domains.slice(0, 5).join(', ') + (domains.length > 5 ? `, and ${domains.length - 5} more` : '');
    console.log(`  not eligible (${domains.length}): ${reason}: ${shown}`);
  }
  if (s.holdout) console.log(`  ${holdoutSummaryLine(s.holdout)}`);
}

/** `publish --dry-run`: nothing is written; Temporal, when reachable, tells each running account's step. */
async function previewPublishFile(file: string, json: boolean) {
  await withTemporalIfReachable(async (client, db, _cfg, unreachable) => {
    const [{ validJourneyFile, versionOnPublish }, { runningOlderVersions }, { previewPublish }] = await Promise.all([
      import('../../journeys/catalog'),
      import('../../use-cases/publish-running'),
      import('../../domain/journey/publish-plan'),
    ]);
    const definition = validJourneyFile(file);
    const { version, created } = await versionOnPublish(db, definition);
    const runs = await runningOlderVersions(db, client, definition.key, version);
    const preview = previewPublish(definition, version, runs);
    const unanswered = runs.flatMap((r) => (r.unanswered ? [{ domain: r.domain, error: r.unanswered }] : []));
    // `created` is what this call wrote (nothing); `wouldCreate` is what publishing would.
    if (json) return printJson({ key: definition.key, dryRun: true, created: false, wouldCreate: created, ...preview, temporal: unreachable ? { reachable: false, error: unreachable } : { reachable: true, unanswered } });
    if (unreachable) process.stderr.write(`${unreachable}: running accounts' steps are unknown, the database gives their stage only.\n`);
    if (unanswered.length > 0) {
      process.stderr.write(`${unanswered.length} running account(s) did not tell their step (e.g. ${unanswered[0]!.domain}: ${unanswered[0]!.error}); the database gives their stage only.\n`);
    }
    const key = definition.key;
    console.log(created ? `${key}: would publish version ${version} (dry run: nothing written)` : `${key} is unchanged: still version ${version} (dry run)`);
    console.log(`${preview.running} running account(s) on older versions`);
    if (preview.running === 0) return;
    const versions = Object.entries(preview.keep.byVersion).map(([v, n]) => `${n} on ${v}`).join(', ');
    console.log(`  --running keep:    ${preview.running} finish on their version (${versions})`);
    console.log(`  --running migrate: move to the same step id at their next safe point:`);
    const line = (l: { from: string; to: string; accounts: string[] }) =>
      `      ${l.accounts.length} at ${l.from} → ${l.to} (${l.accounts.slice(0, 3).join(', ')}${l.accounts.length > 3 ? ', …' : ''})`;
    for (const l of [...preview.migrate.moves, ...preview.migrate.stay, ...preview.migrate.undecided]) console.log(line(l));
    console.log(`  --running restart: ${preview.restart.accounts} start version ${version} at ${preview.restart.to}`);
  });
}

export function registerJourneyCommands(program: Command) {
  const journeys = program.command('journeys').description(commandGroups.journeys);

  journeys
    .command('validate <file>')
    .description('Check a journey file (YAML or JSON) and list every problem with its path')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) => {
      const [{ journeyInvalid, validateJourneyFile }, { JourneyFileError }] = await Promise.all([import('../../journeys/catalog'), import('../../journeys/load')]);
      let result: ReturnType<typeof validateJourneyFile>;
      try {
        result = validateJourneyFile(file);
      } catch (err) {
        // A file that does not parse is a problem of the whole file: a script reading --json gets it as one.
        if (!(opts.json && err instanceof JourneyFileError)) throw err;
        const at = err.line === undefined ? '' : `line ${err.line}${err.column === undefined ? '' : `, column ${err.column}`}: `;
        result = { ok: false, problems: [{ path: '', message: `${at}${err.reason}` }] };
      }
      if (opts.json) {
        printJson(result.ok ? { ok: true, key: result.definition.key } : result);
        if (!result.ok) process.exitCode = 1;
        return;
      }
      if (result.ok) return console.log(`${file}: valid journey "${result.definition.key}"`);
      throw journeyInvalid(file, result.problems);
    });

  journeys
    .command('publish <file>')
    .description('Store the journey as a new immutable version; say what accounts running older versions do')
    .option('--running <fate>', 'accounts running older versions: keep (finish on theirs), migrate (same step id in the new version) or restart', 'keep')
    .option('--dry-run', 'publish nothing and move nothing: show how many running accounts each choice affects and where they would land')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { running: string; dryRun?: boolean; json?: boolean }) => {
      const fate = opts.running;
      if (fate !== 'keep' && fate !== 'migrate' && fate !== 'restart') throw new UserError(`--running ${fate}: expected keep, migrate or restart.`);
      if (opts.dryRun) return previewPublishFile(file, opts.json === true);
      const publish = async (db: Db) => {
        const { publishJourneyFile } = await import('../../journeys/catalog');
        const published = await publishJourneyFile(db, file);
        if (!opts.json) {
          console.log(published.created ? `published ${published.key} version ${published.version}` : `${published.key} is unchanged: still version ${published.version}`);
          for (const note of published.notes) console.log(`note: ${note}`);
        }
        return published;
      };
      if (fate === 'keep') {
        return withDb(async (db) => {
          const published = await publish(db);
          if (opts.json) printJson({ key: published.key, version: published.version, created: published.created, running: 'keep', notes: published.notes });
        });
      }
      await withTemporal(async (client, db) => {
        const [{ latestJourneyVersion }, { moveRunningJourneys, runningOlderVersions }] = await Promise.all([import('../../journeys/catalog'), import('../../use-cases/publish-running')]);
        const published = await publish(db);
        const target = (await latestJourneyVersion(db, published.key))!;
        const runs = await runningOlderVersions(db, client, published.key, published.version);
        const outcomes = await moveRunningJourneys(client, runs, target, fate, db);
        if (opts.json) return printJson({ key: published.key, version: published.version, created: published.created, running: fate, outcomes, notes: published.notes });
        const count = (r: string) => outcomes.filter((o) => o.result === r).length;
        console.log(`${fate}: ${count('accepted')} accepted, ${count('refused')} refused (they keep their version), ${count('ended')} already ended`);
        for (const o of outcomes) console.log(`  ${o.domain}: ${o.result}: ${o.detail}`);
      });
    });

  journeys
    .command('list')
    .description('Published journeys, their latest version and how many accounts run them')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withDb(async (db) => {
        const { listJourneys } = await import('../../journeys/list');
        const rows = await listJourneys(db);
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return console.log('No journeys published yet: harpoon journeys publish <file>');
        for (const r of rows) {
          const counts = Object.entries(r.journeys).map(([status, n]) => `${n} ${status}`).join(', ') || 'no accounts yet';
          console.log(`${r.key}  v${r.latestVersion}  ${r.name}  (${counts})`);
        }
      });
    });

  journeys
    .command('launch <journey-key>')
    .description('Start the journey for accounts that meet its entry criteria (already running ones are left alone)')
    .option('--tier <n>', 'every account of this tier')
    .option('--account <domain>', 'one account, by domain or id')
    .option('--accounts <file>', 'a file with one domain (or account id) per line, or a CSV with a domain column')
    .option('--holdout <share>', "hold out this share of each tier's eligible accounts instead of the journey's holdout, e.g. 10%")
    .option('--json', 'machine-readable summary')
    .action(async (journeyKey: string, opts: { tier?: string; account?: string; accounts?: string; holdout?: string; json?: boolean }) => {
      const holdoutShare = opts.holdout === undefined ? undefined : holdoutShareTextSchema.safeParse(opts.holdout);
      if (holdoutShare && !holdoutShare.success) throw new UserError(`--holdout: ${holdoutShare.error.issues[0]!.message}`);
      // What the database can refuse (an unknown journey or account) is said before Temporal is
      // needed: with Temporal down, a mistyped key still hears that it is mistyped.
      await withTemporalOnDemand(async (temporal, db, cfg) => {
        const [{ SingleBar }, { distinctAccounts, launchForAccounts, publishedJourney }] = await Promise.all([import('cli-progress'), import('../../use-cases/launch')]);
        await publishedJourney(db, journeyKey);
        const accounts = distinctAccounts(await accountsToLaunch(db, opts));
        const client = await temporal();
        const bar = process.stderr.isTTY && !opts.json && accounts.length > 1 ? new SingleBar({ stream: process.stderr, format: 'launching [{bar}] {value}/{total}' }) : undefined;
        bar?.start(accounts.length, 0);
        let summary: LaunchSummary;
        try {
          summary = await launchForAccounts(db, client, cfg.temporal.taskQueue, journeyKey, accounts, (n) => bar?.update(n), { holdoutShare: holdoutShare?.data });
        } finally {
          bar?.stop();
        }
        if (opts.json) printJson(summary);
        else printSummary(summary);
      });
    });

  journeys
    .command('forecast <journey>')
    .description('What a journey (a file, or a published key) would send to whom and when, held, skipped, and where each account would end: in memory, nothing sent or written')
    .option('--tier <n>', 'every account of this tier')
    .option('--account <domain>', 'one account, by domain or id')
    .option('--accounts <file>', 'a file with one domain (or account id) per line, or a CSV with a domain column')
    .option('--days <n>', 'how far ahead', '180')
    .option('--engagement <none|typical|seed>', 'how the buying groups engage: none, typical, or typical engagement from another seed', 'none')
    .option('--json', 'machine-readable output')
    .option('--csv', 'one row per line of the forecast')
    .action(async (ref: string, opts: { tier?: string; account?: string; accounts?: string; days: string; engagement: string; json?: boolean; csv?: boolean }) => {
      if (opts.json && opts.csv) throw new UserError('--json and --csv: choose one output.');
      const { parseForecastDays, maxForecastDays } = await import('../../domain/forecast/horizon');
      const days = parseForecastDays(opts.days);
      if (days === undefined) throw new UserError(`--days ${opts.days}: expected a whole number of days from 1 to ${maxForecastDays}.`);
      const [{ parseEngagementSetting }, { forecastJourney }, report] = await Promise.all([
        import('../../domain/forecast/engagement'),
        import('../../forecast/forecast-journey'),
        import('../../forecast/report'),
      ]);
      let engagement;
      try {
        engagement = parseEngagementSetting(opts.engagement);
      } catch (err) {
        throw new UserError((err as Error).message);
      }
      await withDb(async (db) => {
        const { definition, journey } = await journeyToForecast(db, ref);
        const accounts = await accountsToLaunch(db, opts);
        const result = await forecastJourney(db, { definition, journey, accounts, startMs: Date.now(), days, engagement });
        if (opts.json) return printJson(report.forecastJson(result));
        for (const line of opts.csv ? report.forecastCsv(result) : report.forecastText(result)) console.log(line);
      });
    });

  journeys
    .command('status <account>')
    .description("An account's journeys: status, stage, step, next wake-up, engagement, events waiting for delivery (exit code 2: Temporal unreachable, database view only)")
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { json?: boolean }) => {
      // The database answers even when Temporal is away; the live parts then stay empty.
      await withTemporalIfReachable(async (client, db, _cfg, unreachable) => {
        const { journeyStatus } = await import('../../use-cases/journey-status');
        const status = await journeyStatus(db, client, await accountFor(db, operator, ref), unreachable);
        // What the database knows is printed, but a script must not take it for the whole answer.
        if (unreachable) process.exitCode = 2;
        if (opts.json) return printJson(status);
        const { account, journeys: rows } = status;
        if (unreachable) {
          process.stderr.write(
            `${unreachable}. Check that "npm start" (or "npm run worker" with its Temporal server) is running, or that TEMPORAL_ADDRESS names a reachable cluster. ` +
              'Showing what the database knows (the step the journey last recorded; no wake-up or engagement).\n',
          );
        }
        if (rows.length === 0) {
          const { noJourneyToSteer } = await import('../../use-cases/steer');
          return console.log(`${await noJourneyToSteer(db, account, undefined, false)}.`);
        }
        for (const r of rows) {
          const where = r.step ? `${r.stage}/${r.step}` : r.stage;
          const wake = r.nextWakeAt ? `, next at ${utc(r.nextWakeAt)}` : '';
          const end = r.exitReason ? `, ended: ${r.exitReason}` : '';
          console.log(`${r.workflowId}  ${r.status} at ${where}${wake}, engagement ${r.engagementScore ?? '-'}${end}`);
          if (r.liveError) console.log(`  live status unavailable: ${r.liveError}`);
          const w = r.waitingForMailRelay;
          if (w) console.log(`  waiting for the mail relay since ${utc(w.since)}: ${w.emails} email(s) rendered and held (${w.lastError ?? 'unreachable'})`);
          const p = r.pendingDeliveries;
          if (p.count > 0) {
            const why = p.lastError ? `, ${p.attempts} attempt(s), last error: ${p.lastError}` : '';
            console.log(`  ${p.count} event(s) waiting for delivery since ${utc(p.since!)}${why}`);
          }
        }
      });
    });

  // Where each reason is kept: a stop ends the journey on the account's timeline; a pause is noted in
  // the journey's own timeline; every steer is in the audit log.
  const reasonKept: Record<SteerAction, string> = {
    pause: "why (kept in the journey's timeline, journeys status --json, and the audit log)",
    resume: 'why (kept in the audit log)',
    stop: "why (kept on the account's timeline and in the audit log)",
  };
  for (const action of ['pause', 'resume', 'stop'] as SteerAction[]) {
    journeys
      .command(`${action} <account>`)
      .description(`${action[0]!.toUpperCase() + action.slice(1)} the account's running journeys`)
      .option('--journey <key>', 'only this journey')
      .option('--reason <text>', reasonKept[action], `${action === 'stop' ? 'stopped' : action + 'd'} by an operator`)
      .action(async (ref: string, opts: { journey?: string; reason: string }) => {
        await withTemporal(async (client, db) => {
          const { noJourneyToSteer, steerJourneys } = await import('../../use-cases/steer');
          const account = await accountFor(db, operator, ref);
          const { steered, unchanged } = await steerJourneys(db, client, { accountId: account.id, journeyKey: opts.journey }, action, opts.reason);
          if (steered.length + unchanged.length === 0) throw new UserError(`${await noJourneyToSteer(db, account, opts.journey)}.`);
          for (const id of steered) console.log(`${id}: ${action} sent`);
          for (const { workflowId, why } of unchanged) console.log(`${workflowId}: ${why}; nothing sent`);
        });
      });
  }
}
