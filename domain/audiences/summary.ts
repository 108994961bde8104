// What an audience export says about itself: how many rows, and who was left out and why.
import { exclusionLabels, exclusionReasons, type ExclusionCounts } from './exclusions';
import type { AudienceFormat } from './upload-formats';
import { plural } from '../words/plural';

export type AudienceSummary = {
  /** "tier 1", "journey tier1-exec". */
  audience: string;
  format: AudienceFormat;
  /** Accounts selected (before any exclusion). */
  accounts: number;
  /** Their contacts, everyone considered. */
  contacts: number;
  /** Lines of the file below the header. */
  rows: number;
  /** People left out, by the first reason that applies to each. */
  excluded: ExclusionCounts;
  /** Contacts the platform would read as another row's person (two spellings of one Gmail address): one row for both. */
  duplicates: number;
};

const formatNames: Record<AudienceFormat, string> = { linkedin: 'LinkedIn Matched Audiences', google: 'Google Customer Match' };

/** The summary as people read it, one line per reason that left someone out. */
export function summaryLines(s: AudienceSummary, file?: string): string[] {
  const left = exclusionReasons.filter((r) => s.excluded[r] > 0);
  return [
    `${s.audience} for ${formatNames[s.format]}: ${plural(s.rows, 'row')}${file ? ` in ${file}` : ''}, from ${plural(s.contacts, 'contact')} of ${plural(s.accounts, 'account')}`,
    ...(left.length === 0 ? ['  nobody left out'] : left.map((r) => `  left out: ${s.excluded[r]} ${exclusionLabels[r]}`)),
    ...(s.duplicates > 0 ? [`  merged: ${s.duplicates} with the same address as another row, as the platform reads it`] : []),
  ];
}
