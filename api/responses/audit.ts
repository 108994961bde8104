// What GET /v1/audit answers (audit/audit-log.ts readAudit), declared so the document types it.
import { z } from 'zod';

export const auditEntries = z
  .array(
    z.object({
      id: z.string().describe('give it as before= to read the entries after it'),
      at: z.string(),
      door: z.enum(['key', 'console', 'cli']),
      actor: z.string(),
      action: z.string(),
      detail: z.record(z.string(), z.unknown()).nullable().describe('what the action was about, free JSON; null for none'),
    }),
  )
  .meta({ id: 'AuditEntries' });
