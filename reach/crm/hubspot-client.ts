// The HubSpot CRM v3 calls CRM sync makes, with a private app's token: search, create and update
// of companies, contacts, deals, tasks and notes (with HubSpot-defined associations), and owners by
// e-mail. Answers are checked against the documented shapes.
import { z } from 'zod';
import type { HubSpotConnection } from './crm-connection';
import { CrmError, hubspotFailure } from './crm-error';
import { crmHttp } from './crm-http';
import { slidingWindowLimiter, type Limiter } from './hubspot-limiter';

export type HubSpotObjectType = 'companies' | 'contacts' | 'deals' | 'tasks' | 'notes';

/** HubSpot-defined association type IDs (Associations v4, "HubSpot defined association types"). */
export const associationTypes = {
  contactToCompany: 279,
  dealToCompany: 341,
  dealToContact: 3,
  taskToCompany: 192,
  taskToContact: 204,
  taskToDeal: 216,
  noteToCompany: 190,
  noteToContact: 202,
  noteToDeal: 214,
} as const;

export type Association = { toId: string; typeId: number };
export type SearchFilter = { propertyName: string; operator: 'EQ' | 'GTE' | 'CONTAINS_TOKEN'; value: string };

const objectSchema = z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) });
export type HubSpotObject = z.infer<typeof objectSchema>;
const searchSchema = z.object({ total: z.number(), results: z.array(objectSchema), paging: z.object({ next: z.object({ after: z.string() }) }).optional() });
const ownersSchema = z.object({ results: z.array(z.object({ id: z.string(), email: z.string().nullable().optional() })) });

/** HubSpot's ten-secondly limit on the smallest plans: 100 calls in any ten seconds. */
const callsPerTenSeconds = 100;
// One limiter per HubSpot account (token), however many syncs run in this process.
const limiters = new Map<string, Limiter>();
const limiterFor = (conn: HubSpotConnection) => {
  const key = `${conn.url} ${conn.token}`;
  if (!limiters.has(key)) limiters.set(key, slidingWindowLimiter(callsPerTenSeconds, 10_000));
  return limiters.get(key)!;
};

export function hubspotClient(conn: HubSpotConnection) {
  const call = crmHttp({ vendor: 'HubSpot', baseUrl: conn.url, token: conn.token, failure: hubspotFailure, beforeCall: limiterFor(conn) });
  const search = async (type: HubSpotObjectType, filters: SearchFilter[], properties: string[], what: string, after?: string) =>
    call({
      method: 'POST',
      path: `/crm/v3/objects/${type}/search`,
      body: { filterGroups: [{ filters }], properties, limit: 100, ...(after ? { after } : {}), ...(filters[0]?.operator === 'GTE' ? { sorts: [{ propertyName: filters[0].propertyName, direction: 'ASCENDING' }] } : {}) },
      what,
      answer: searchSchema,
    });
  return {
    search,
    async findOne(type: HubSpotObjectType, filter: SearchFilter, what: string): Promise<string | null> {
      return (await search(type, [filter], ['hs_object_id'], what)).results[0]?.id ?? null;
    },
    /**
     * Creates a record; a contact HubSpot already has by its e-mail is that contact (its search
     * index lags behind creates by seconds, so a search just before may not have found it).
     */
    async create(type: HubSpotObjectType, properties: Record<string, string>, associations: Association[], what: string): Promise<string> {
      const body = {
        properties,
        associations: associations.map((a) => ({ to: { id: a.toId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: a.typeId }] })),
      };
      try {
        return (await call({ method: 'POST', path: `/crm/v3/objects/${type}`, body, what, answer: objectSchema, creates: true })).id;
      } catch (err) {
        if (err instanceof CrmError && err.existingId !== null && type === 'contacts') return err.existingId;
        throw err;
      }
    },
    async update(type: HubSpotObjectType, id: string, properties: Record<string, string>, what: string): Promise<void> {
      await call({ method: 'PATCH', path: `/crm/v3/objects/${type}/${encodeURIComponent(id)}`, body: { properties }, what, answer: objectSchema });
    },
    /** The owner ID of a HubSpot user by e-mail, or null when the account has no such user. */
    async ownerIdByEmail(email: string): Promise<string | null> {
      const answer = await call({ method: 'GET', path: `/crm/v3/owners?email=${encodeURIComponent(email)}&limit=1`, what: `finding the owner ${email}`, answer: ownersSchema });
      return answer.results[0]?.id ?? null;
    },
  };
}

export type HubSpotClient = ReturnType<typeof hubspotClient>;
