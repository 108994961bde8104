// The CSV files the ad platforms take for a list of people, one row per person, laid out as each
// documents it. Harpoon fills only the columns it has data for and leaves the others empty.
//   - LinkedIn Matched Audiences, contact list: the Campaign Manager template's headers, which must
//     not be changed or removed. LinkedIn takes the address as SHA-256 and the other fields in clear
//     (it matches on name, title and company too, and hashes none of them).
//   - Google Ads Customer Match, contact information: "Email", "First Name", "Last Name", "Country";
//     the address and the names SHA-256 hashed after Google's normalisation, the country in clear as
//     an ISO 3166 two-letter code (Google never hashes it). Harpoon holds no postal code, so there is
//     no "Zip" column: Google matches these rows on the address.
import { z } from 'zod';
import { csvCell } from '../csv/spreadsheet-cell';
import { normaliseEmail, normaliseEmailForGoogle, normaliseName, sha256Hex } from './match-keys';

export const audienceFormats = ['linkedin', 'google'] as const;
export const audienceFormat = z.enum(audienceFormats, { error: `expected one of ${audienceFormats.join(', ')} (LinkedIn Matched Audiences or Google Customer Match)` });
export type AudienceFormat = z.infer<typeof audienceFormat>;

/** What Harpoon knows of a person that either platform can match on. */
export type AudiencePerson = {
  email: string;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  company: string;
  /** ISO 3166-1 alpha-2, as accounts store it. */
  country: string | null;
};

type Layout = { header: readonly string[]; row(p: AudiencePerson): (string | null)[]; matchKey(p: AudiencePerson): string };

const hashed = (text: string | null) => (text === null ? null : sha256Hex(text));

export const uploadLayouts: Record<AudienceFormat, Layout> = {
  linkedin: {
    header: ['email', 'firstname', 'lastname', 'jobtitle', 'employeecompany', 'country', 'googleaid'],
    row: (p) => [sha256Hex(normaliseEmail(p.email)), p.firstName?.trim() || null, p.lastName?.trim() || null, p.title?.trim() || null, p.company.trim(), p.country, null],
    matchKey: (p) => normaliseEmail(p.email),
  },
  google: {
    header: ['Email', 'First Name', 'Last Name', 'Country'],
    row: (p) => [sha256Hex(normaliseEmailForGoogle(p.email)), hashed(normaliseName(p.firstName)), hashed(normaliseName(p.lastName)), p.country],
    matchKey: (p) => normaliseEmailForGoogle(p.email),
  },
};

/**
 * The file: the header and one row per person, in the order given, one line each ending in "\n".
 * Two people the platform would see as one (the same normalised address) make one row, the first.
 */
export function audienceCsv(format: AudienceFormat, people: readonly AudiencePerson[]): { csv: string; rows: number; duplicates: number } {
  const layout = uploadLayouts[format];
  const seen = new Set<string>();
  const lines = [layout.header.map(csvCell).join(',')];
  for (const person of people) {
    const key = layout.matchKey(person);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(layout.row(person).map(csvCell).join(','));
  }
  return { csv: `${lines.join('\n')}\n`, rows: lines.length - 1, duplicates: people.length - (lines.length - 1) };
}
