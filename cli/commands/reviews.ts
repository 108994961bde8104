// `harpoon reviews ...`: account reviews. The list and a review's evidence come from the database;
// a decision goes to the review's workflow as a validated Update, so its effects happen at once and
// an invalid decision is refused with one line.
import type { Command } from 'commander';
import { decideReview, findReview, listReviews, ReviewError, type ReviewDetail } from '../../client/reviews';
import { reviewDecisions } from '../../domain/reviews/vocabulary';
import { printJson, UserError, withDb, withTemporal } from '../runtime';
import { commandGroups } from '../groups';

async function asUserError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ReviewError) throw new UserError(err.message);
    throw err;
  }
}

const at = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

function printReview(r: ReviewDetail): void {
  const f = r.facts as { valueScore?: number | null; engagementScore?: number; engagedRoles?: string[]; coverage?: number; coverageGaps?: string[] };
  const e = r.evidence;
  const lines = [
    `${r.id}  ${r.status}${r.decision ? `: ${r.decision}${r.toTier ? ` to tier ${r.toTier}` : ''} by ${r.decidedBy}${r.rule ? ` (rule ${r.rule})` : ''}` : ''}`,
    `${r.account.name} (${r.account.domain}), tier ${r.tier ?? '-'}, ${r.mode === 'human' ? `decided by a person, default applies ${at(r.deadlineAt)} (UTC)` : 'decided by rule'}`,
    `value score ${f.valueScore ?? 'unknown'}, engagement ${f.engagementScore ?? 0}${f.engagedRoles?.length ? ` (${f.engagedRoles.join(', ')})` : ''}, buying-group coverage ${Math.round((f.coverage ?? 0) * 100)}%`,
    'engaged contacts:',
    ...(e.engagedContacts.length ? e.engagedContacts.map((c) => `  ${c.name} (${c.role}): ${c.did.join(', ')}`) : ['  none']),
    `buying-group gaps: ${e.gaps.join(', ') || 'none'}`,
    'recent timeline:',
    ...e.recent.map((t) => `  ${at(t.at)} ${t.what}`),
    ...(r.reason ? [`reason: ${r.reason}`] : []),
    ...(r.status === 'waiting' && r.mode === 'human' ? [`decide: harpoon reviews decide ${r.id} <${reviewDecisions.join('|')}> --reason "..."`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerReviewCommands(program: Command) {
  const reviews = program.command('reviews').description(commandGroups.reviews);

  reviews
    .command('list')
    .description('Reviews waiting for a person, soonest deadline first')
    .option('--all', 'every review, decided ones too (newest first)')
    .option('--json', 'machine-readable output')
    .action((opts: { all?: boolean; json?: boolean }) =>
      withDb(async (db) => {
        const rows = await listReviews(db, opts);
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return console.log(opts.all ? 'No reviews yet.' : 'No reviews wait for a person.');
        for (const r of rows) {
          const state = r.status === 'waiting' ? `waiting, default at ${at(r.deadlineAt)}` : `${r.decision}${r.toTier ? ` to tier ${r.toTier}` : ''} by ${r.decidedBy}`;
          console.log(`${r.id}  tier ${r.tier ?? '-'}  ${r.account.domain}  ${state}`);
        }
      }),
    );

  reviews
    .command('show <review>')
    .description('One review with its evidence (a review ID, or an account domain for its latest review)')
    .option('--json', 'machine-readable output')
    .action((ref: string, opts: { json?: boolean }) =>
      asUserError(() =>
        withDb(async (db) => {
          const review = await findReview(db, ref);
          if (opts.json) return printJson(review);
          printReview(review);
        }),
      ),
    );

  reviews
    .command('decide <review> <decision>')
    .description(`Decide a tier-1 review: ${reviewDecisions.join(' | ')}`)
    .option('--reason <text>', 'why: kept on the account\'s timeline (required)')
    .option('--tier <n>', 'the new tier, with change_tier')
    .option('--by <email>', 'who decides (a sales rep, as in "accounts reps list"), for the timeline')
    .action((ref: string, decision: string, o: { reason?: string; tier?: string; by?: string }) =>
      asUserError(() => {
        const tier = o.tier === undefined ? undefined : Number(o.tier);
        if (tier !== undefined && !Number.isInteger(tier)) throw new UserError(`--tier "${o.tier}" is not a tier: expected 1, 2 or 3`);
        return withTemporal(async (client, db) => {
          const result = await decideReview(db, client, ref, { decision, reason: o.reason, tier }, o.by);
          console.log(`${result.reviewId}: ${result.decision}: ${result.effect}`);
        });
      }),
    );
}
