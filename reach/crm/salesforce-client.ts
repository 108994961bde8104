// The Salesforce REST calls CRM sync makes with an access token: SOQL queries (following
// nextRecordsUrl) and sObject create and update. Answers are checked against the documented shapes.
import { z } from 'zod';
import type { SalesforceConnection } from './crm-connection';
import { salesforceFailure } from './crm-error';
import { crmHttp } from './crm-http';

export type SObject = 'Account' | 'Contact' | 'Lead' | 'Task' | 'Opportunity' | 'User';

const querySchema = z.object({ totalSize: z.number(), done: z.boolean(), records: z.array(z.record(z.string(), z.unknown())), nextRecordsUrl: z.string().optional() });
const createdSchema = z.object({ id: z.string(), success: z.literal(true) });

/** A SOQL string literal: quotes and backslashes escaped as SOQL requires. */
export const soqlString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function salesforceClient(conn: SalesforceConnection) {
  const call = crmHttp({ vendor: 'Salesforce', baseUrl: conn.url, token: conn.token, failure: salesforceFailure });
  const base = `/services/data/${conn.apiVersion}`;
  return {
    async query(soql: string, what: string): Promise<Record<string, unknown>[]> {
      const records: Record<string, unknown>[] = [];
      let page = await call({ method: 'GET', path: `${base}/query?q=${encodeURIComponent(soql)}`, what, answer: querySchema });
      records.push(...page.records);
      while (!page.done && page.nextRecordsUrl) {
        page = await call({ method: 'GET', path: page.nextRecordsUrl, what, answer: querySchema });
        records.push(...page.records);
      }
      return records;
    },
    async create(type: SObject, fields: Record<string, string | number>, what: string): Promise<string> {
      return (await call({ method: 'POST', path: `${base}/sobjects/${type}`, body: fields, what, answer: createdSchema, creates: true })).id;
    },
    /** Salesforce answers an update with 204 and no body. */
    async update(type: SObject, id: string, fields: Record<string, string | number>, what: string): Promise<void> {
      await call({ method: 'PATCH', path: `${base}/sobjects/${type}/${encodeURIComponent(id)}`, body: fields, what, answer: z.undefined() });
    },
  };
}

export type SalesforceClient = ReturnType<typeof salesforceClient>;
