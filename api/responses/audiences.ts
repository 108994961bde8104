// What GET /v1/audiences/export answers: a CSV file, not JSON, declared by its media type so the
// document says what a client downloads. The body is sent as made (audiences/export-audience.ts).
import { z } from 'zod';

export const audienceCsvResponse = {
  description:
    'The audience as the platform\'s CSV upload file, addresses SHA-256 hashed; sent as an attachment ("Content-Disposition: attachment; filename=harpoon-audience-<tier1|journey-key>-<format>-<YYYY-MM-DD>.csv")',
  content: { 'text/csv': { schema: z.string().describe('the header line, then one line per person, each ending in a line feed') } },
};
