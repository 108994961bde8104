// `accounts show` in words a marketing manager understands: where the account stands and why,
// what its score rests on (and what is unknown), whom we know in its buying group, and what changed.
import type { FactorAssessment } from '../domain/accounts/score';
import type { AccountView } from './account-view';
import { shownDomain, shownEmail } from './shown-domain';

const tierNames = { 1: 'one-to-one', 2: 'one-to-few', 3: 'one-to-many' } as const;
const roleNames: Record<string, string> = {
  champion: 'Champion',
  problem_owner: 'Problem owner',
  budget_holder: 'Budget holder',
  decision_maker: 'Decision maker',
  user: 'User',
  technical_evaluator: 'Technical evaluator',
  procurement: 'Procurement',
  influencer: 'Influencer',
  unknown: 'Role unknown',
};
const purchaseWords: Record<string, string> = {
  continuous: 'buys continuously',
  periodic: 'buys periodically',
  project: 'buys per project',
  unknown: 'buying pattern unknown',
};
const statusWords: Record<string, string> = {
  target: 'TARGET',
  candidate: 'CANDIDATE (not in journeys yet)',
  excluded: 'EXCLUDED (never enters a journey)',
  retired: 'RETIRED (out of the pool)',
};

const day = (d: Date) => d.toISOString().slice(0, 10);
const minute = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
const percent = (share: number) => `${Math.round(share * 100)}%`;
const shownValue = (v: string | number) => (typeof v === 'number' ? v.toLocaleString('en-US') : v);

function factorLine(f: FactorAssessment, labelWidth: number): string {
  const head = `  ${f.label.padEnd(labelWidth)}  weight ${String(f.weight).padStart(3)}  `;
  if (!f.known) return `${head}unknown   (${f.unknownBecause})`;
  return `${head}${String(f.points).padStart(3)} pts   ${f.field} = ${shownValue(f.value)}${f.basis ? `, ${f.basis}` : ''}`;
}

function historyLine(h: AccountView['history'][number]): string {
  const what = { poolStatus: 'status', tier: 'tier', tierOverride: 'fixed tier' }[h.field] ?? h.field;
  const actor = h.actor.replace(/^user:/, '');
  return `  ${minute(h.at)}  ${what}: ${h.from ?? '(none)'} -> ${h.to ?? '(none)'}  by ${actor}: ${h.reason}`;
}

export function describeAccount(a: AccountView): string {
  const lines: string[] = [];
  lines.push(`${a.name} (${shownDomain(a.domain)})`);
  const facts = [
    a.industry,
    a.country,
    a.employeeCount !== null && `${a.employeeCount.toLocaleString('en-US')} employees`,
    a.revenueBand && `revenue ${a.revenueBand} USD`,
    `time zone ${a.timezone}`,
    purchaseWords[a.purchasePattern] ?? a.purchasePattern,
  ].filter(Boolean);
  lines.push(`  ${facts.join(' · ')}`);
  const custom = Object.entries(a.attributes);
  if (custom.length > 0) lines.push(`  Custom fields: ${custom.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  lines.push(
    a.owner
      ? `  Sales owner: ${a.owner.name} <${shownEmail(a.owner.email)}>${a.owner.manager ? `, manager ${a.owner.manager.name}` : ''}`
      : '  Sales owner: none yet (handoffs need one)',
  );

  lines.push('', `Pool: ${statusWords[a.pool.status] ?? a.pool.status} since ${day(a.pool.since)}, because ${a.pool.reason ?? 'no reason recorded'}.`);
  if (a.pool.eligibleForJourney) lines.push('  It can enter journeys.');
  lines.push(
    a.tier.tier === null
      ? `Tier: none, because ${a.tier.reason ?? 'it has not been scored'}.`
      : `Tier ${a.tier.tier} (${tierNames[a.tier.tier]}), because ${a.tier.reason}${a.tier.fixedByHand ? '; it stays until released with "accounts tier <domain> auto"' : a.tier.fixedByImport ? "; the next import's tier column may change it (\"accounts tier <domain> <n>\" fixes it by hand)" : ''}.`,
  );

  lines.push('');
  const s = a.assessment;
  if (!s) {
    lines.push('Value: not assessed yet (run "harpoon accounts score").');
  } else if (s.score === null) {
    lines.push('Value: unknown: none of the model\'s inputs are known for this account.');
  } else {
    const recommends = s.recommendedTier === null ? 'too low for any tier' : `recommends tier ${s.recommendedTier}`;
    const basis = s.confidence >= 1 ? 'everything the model asks for is known' : `it rests on ${percent(s.confidence)} of the model's weight; the rest is unknown`;
    lines.push(`Value: ${s.score}/100, ${recommends}; ${basis}.`);
    lines.push(`  Current value ${s.currentValue ?? 'unknown'}, future value ${s.futureValue ?? 'unknown'} (assessed ${day(s.scoredAt)}).`);
  }
  if (s) {
    const width = Math.max(...s.factors.map((f) => f.label.length));
    for (const group of ['current', 'future'] as const) {
      lines.push(`  ${group === 'current' ? 'Current value' : 'Future value'}:`);
      lines.push(...s.factors.filter((f) => f.group === group).map((f) => `  ${factorLine(f, width)}`));
    }
  }

  const c = a.coverage;
  const covered = c.roles.filter((r) => r.covered).length;
  lines.push('', `Buying group: ${covered} of ${c.roles.length} key roles reachable (${percent(c.ratio)}).`);
  if (c.gaps.length > 0) {
    lines.push(`  Gaps: ${c.gaps.map((g) => `${roleNames[g.role]!.toLowerCase()} (${g.why})`).join(', ')}.`);
  }
  if (a.buyingGroup.length === 0) lines.push('  No contacts yet.');
  for (const p of a.buyingGroup) {
    const who = [p.name, `<${shownEmail(p.email)}>`].filter(Boolean).join(' ');
    const about = [p.title, p.seniority].filter(Boolean).join(', ');
    const consent = p.reachable ? 'reachable' : `NOT reachable: ${p.consent.replaceAll('_', ' ')}`;
    lines.push(`  ${(roleNames[p.role] ?? p.role).padEnd(19)} ${who}${about ? ` (${about})` : ''}, ${consent}`);
  }

  lines.push('', 'History:');
  lines.push(...(a.history.length > 0 ? a.history.map(historyLine) : ['  no changes recorded']));
  return lines.join('\n');
}
