// Inbound sync's read: the deals a CRM changed since a moment, each with its state in Harpoon's
// words (crm-mapping.ts), oldest change first so the cursor can follow them.
import { z } from 'zod';
import type { CrmConnection } from './crm-connection';
import type { CrmDealState } from './crm-mapping';
import { hubspotClient } from './hubspot-client';
import { salesforceClient } from './salesforce-client';

export type ChangedDeal = { crmId: string; modifiedAt: Date; state: CrmDealState };

/** The link table's word for a CRM's deal. */
export const dealObjectType = { hubspot: 'deal', salesforce: 'opportunity' } as const;

const amountOf = (v: unknown) => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

async function hubspotChanges(conn: Extract<CrmConnection, { kind: 'hubspot' }>, since: Date): Promise<ChangedDeal[]> {
  const hs = hubspotClient(conn);
  const deals: ChangedDeal[] = [];
  let after: string | undefined;
  do {
    const page = await hs.search(
      'deals',
      [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since.getTime()) }],
      ['dealstage', 'amount', 'deal_currency_code', 'closed_lost_reason', 'hs_lastmodifieddate'],
      'reading the deals changed since the last sync',
      after,
    );
    for (const d of page.results) {
      const p = d.properties;
      const stage = p.dealstage;
      deals.push({
        crmId: d.id,
        modifiedAt: new Date(p.hs_lastmodifieddate ?? since.toISOString()),
        state: { outcome: stage === 'closedwon' ? 'won' : stage === 'closedlost' ? 'lost' : null, amount: amountOf(p.amount), currency: p.deal_currency_code ?? null, reason: p.closed_lost_reason ?? null },
      });
    }
    after = page.paging?.next.after;
  } while (after);
  return deals;
}

const opportunitySchema = z.object({ Id: z.string(), IsClosed: z.boolean(), IsWon: z.boolean(), Amount: z.number().nullable().optional(), SystemModstamp: z.string() });

/** A SOQL datetime literal (no quotes, whole seconds: SOQL's documented form). */
const soqlDateTime = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

async function salesforceChanges(conn: Extract<CrmConnection, { kind: 'salesforce' }>, since: Date): Promise<ChangedDeal[]> {
  const rows = await salesforceClient(conn).query(
    `SELECT Id, IsClosed, IsWon, Amount, SystemModstamp FROM Opportunity WHERE SystemModstamp > ${soqlDateTime(since)} ORDER BY SystemModstamp ASC`,
    'reading the opportunities changed since the last sync',
  );
  return rows.map((row) => {
    const o = opportunitySchema.parse(row);
    return {
      crmId: o.Id,
      modifiedAt: new Date(o.SystemModstamp),
      state: { outcome: o.IsClosed ? (o.IsWon ? 'won' : 'lost') : null, amount: amountOf(o.Amount), currency: null, reason: null },
    };
  });
}

export const changedDeals = (conn: CrmConnection, since: Date) => (conn.kind === 'hubspot' ? hubspotChanges(conn, since) : salesforceChanges(conn, since));
