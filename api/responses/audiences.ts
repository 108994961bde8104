// What the /v1/audiences routes answer. The export is a CSV file, not JSON, declared by its media
// type so the document says what a client downloads; the body is sent as made
// (audiences/export-audience.ts). The summary is the same export's counts, as the CLI prints them.
import { z } from 'zod';
import { exclusionReasons } from '../../domain/audiences/exclusions';
import { audienceFormats } from '../../domain/audiences/upload-formats';

export const audienceCsvResponse = {
  description:
    'The audience as the platform\'s CSV upload file, addresses SHA-256 hashed; sent as an attachment ("Content-Disposition: attachment; filename=harpoon-audience-<tier1|journey-key>-<format>-<YYYY-MM-DD>.csv")',
  content: { 'text/csv': { schema: z.string().describe('the header line, then one line per person, each ending in a line feed') } },
};

export const audienceSummaryResponse = z
  .object({
    audience: z.string().describe('"tier 1", "journey tier1-exec"'),
    format: z.enum(audienceFormats),
    accounts: z.number().int().describe('accounts selected, before any exclusion'),
    contacts: z.number().int().describe('their contacts, everyone considered'),
    rows: z.number().int().describe('lines of the file below the header'),
    excluded: z.record(z.enum(exclusionReasons), z.number().int()).describe('people left out, by the first reason that applies to each'),
    duplicates: z.number().int().describe('contacts the platform would read as another row\'s person: one row for both'),
    lines: z.array(z.string()).describe('the summary as the CLI prints it, one line per reason that left someone out'),
  })
  .meta({ id: 'AudienceSummary' });
