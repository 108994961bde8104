// `harpoon reviews ...`: account reviews. The list and a review's evidence come from the database;
// a decision goes to the review's workflow as a validated Update, so its effects happen at once and
// an invalid decision is refused with one line.
import type { Command } from 'commander';
import { decideReview, findReview, listReviews, type ReviewDetail, type ReviewSummary } from '../../use-cases/reviews';
import { reviewDecisions } from '../../domain/reviews/vocabulary';
import { printJsonOrLines, UserError, withDb, withTemporalOnDemand } from '../runtime';
import { commandGroups } from '../groups';

const at = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

function reviewLines(r: ReviewDetail): string[] {
  const f = r.facts as { valueScore?: number | null; engagementScore?: number; engagedRoles?: string[]; coverage?: number; coverageGaps?: string[] };
  const e = r.evidence;
  return [
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
}

const reviewLine = (r: ReviewSummary) => {
  const state = r.status === 'waiting' ? `waiting, default at ${at(r.deadlineAt)}` : `${r.decision}${r.toTier ? ` to tier ${r.toTier}` : ''} by ${r.decidedBy}`;
  return `${r.id}  tier ${r.tier ?? '-'}  ${r.account.domain}  ${state}`;
};

export function registerReviewCommands(program: Command) {
  const reviews = program.command('reviews').description(commandGroups.reviews);

  reviews
    .command('list')
    .description('Reviews waiting for a person, soonest deadline first')
    .option('--all', 'every review, decided ones too (newest first)')
    .option('--json', 'machine-readable output')
    .action((opts: { all?: boolean; json?: boolean }) =>
      withDb(async (db) =>
        printJsonOrLines(opts.json, await listReviews(db, opts), (rows) =>
          rows.length === 0 ? [opts.all ? 'No reviews yet.' : 'No reviews wait for a person.'] : rows.map(reviewLine),
        ),
      ),
    );

  reviews
    .command('show <review>')
    .description('One review with its evidence (a review ID, or an account domain for its latest review)')
    .option('--json', 'machine-readable output')
    .action((ref: string, opts: { json?: boolean }) => withDb(async (db) => printJsonOrLines(opts.json, await findReview(db, ref), reviewLines)));

  reviews
    .command('decide <review> <decision>')
    .description(`Decide a tier-1 review: ${reviewDecisions.join(' | ')}`)
    .option('--reason <text>', 'why: kept on the account\'s timeline (required)')
    .option('--tier <n>', 'the new tier, with change_tier')
    .option('--by <email>', 'who decides (a sales rep, as in "accounts reps list"), for the timeline')
    .action((ref: string, decision: string, o: { reason?: string; tier?: string; by?: string }) => {
      const tier = o.tier === undefined ? undefined : Number(o.tier);
      if (tier !== undefined && !Number.isInteger(tier)) throw new UserError(`--tier "${o.tier}" is not a tier: expected 1, 2 or 3`);
      return withTemporalOnDemand(async (temporal, db) => {
        const result = await decideReview(db, temporal, ref, { decision, reason: o.reason, tier }, o.by);
        console.log(`${result.reviewId}: ${result.decision}: ${result.effect}`);
      });
    });
}
