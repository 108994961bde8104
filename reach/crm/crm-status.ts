// `harpoon crm status`: which CRMs sync is on for, how far inbound sync has read, and what the link
// table holds; or, plainly, that CRM sync is off and how to turn it on.
import type { Config } from '../../config/env';
import type { Db } from '../../db/client';
import { configuredCrms, crmNames, type CrmKind } from './crm-connection';

export type CrmStatus = {
  crms: { crm: CrmKind; name: string; url: string; apiVersion: string | null; readSince: string | null; linked: Record<string, number> }[];
  /** Set when no CRM is configured. */
  off: string | null;
};

export const crmOffMessage = 'CRM sync is off: set HARPOON_HUBSPOT_TOKEN (HubSpot), or HARPOON_SALESFORCE_URL and HARPOON_SALESFORCE_TOKEN (Salesforce)';

export async function crmStatus(db: Db, cfg: Config): Promise<CrmStatus> {
  const crms = configuredCrms(cfg);
  return {
    off: crms.length === 0 ? crmOffMessage : null,
    crms: await Promise.all(
      crms.map(async (c) => {
        const cursor = await db.crmCursor.findUnique({ where: { crm: c.kind } });
        const counts = await db.crmLink.groupBy({ by: ['objectType'], where: { crm: c.kind, crmId: { not: null } }, _count: { _all: true }, orderBy: { objectType: 'asc' } });
        return {
          crm: c.kind,
          name: crmNames[c.kind],
          url: c.url,
          apiVersion: c.kind === 'salesforce' ? c.apiVersion : null,
          readSince: cursor?.modifiedSince.toISOString() ?? null,
          linked: Object.fromEntries(counts.map((row) => [row.objectType, row._count._all])),
        };
      }),
    ),
  };
}
