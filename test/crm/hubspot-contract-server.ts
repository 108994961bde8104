// HubSpot CRM v3 as documented, for exactly the calls Harpoon makes: object search, create and
// update of companies, contacts, deals, tasks and notes (with HubSpot-defined association types;
// `hubspot_owner_id` an owner of the account), and owners by e-mail. Checks each request's shape
// with zod, answers in HubSpot's shapes, keeps the objects in memory; and can answer 429 with
// HubSpot's rate-limit headers, 5xx or 401.
import { z } from 'zod';
import { startContractServer, type Answer, type ContractServer } from './contract-server';

const objectTypes = ['companies', 'contacts', 'deals', 'tasks', 'notes'] as const;
type ObjectType = (typeof objectTypes)[number];

const searchBody = z.strictObject({
  filterGroups: z.array(z.strictObject({ filters: z.array(z.strictObject({ propertyName: z.string(), operator: z.enum(['EQ', 'NEQ', 'GTE', 'LTE', 'GT', 'LT', 'CONTAINS_TOKEN']), value: z.string() })).min(1) })).max(5),
  properties: z.array(z.string()).optional(),
  sorts: z.array(z.strictObject({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']) })).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  after: z.string().optional(),
});
const association = z.strictObject({
  to: z.strictObject({ id: z.string() }),
  types: z.array(z.strictObject({ associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']), associationTypeId: z.number().int() })).min(1),
});
const createBody = z.strictObject({ properties: z.record(z.string(), z.string()), associations: z.array(association).optional() });
const updateBody = z.strictObject({ properties: z.record(z.string(), z.string()) });

/** The HubSpot-defined association type IDs from each object type, and the type each leads to. */
const associationTargets: Partial<Record<ObjectType, Record<number, ObjectType>>> = {
  contacts: { 1: 'companies', 279: 'companies' },
  deals: { 5: 'companies', 341: 'companies', 3: 'contacts' },
  tasks: { 192: 'companies', 204: 'contacts', 216: 'deals' },
  notes: { 190: 'companies', 202: 'contacts', 214: 'deals' },
};
const required: Record<ObjectType, string[]> = { companies: [], contacts: ['email'], deals: ['dealname', 'dealstage'], tasks: ['hs_timestamp'], notes: ['hs_timestamp'] };
const dateProperties = new Set(['hs_timestamp', 'hs_lastmodifieddate', 'createdate', 'closedate']);

export type HubSpotRecord = { id: string; type: ObjectType; properties: Record<string, string>; associations: { toId: string; typeId: number }[]; createdAt: string; updatedAt: string };

const error = (status: number, category: string, message: string): Answer => ({ status, body: { status: 'error', message, correlationId: '0b0d3a8e-7b6e-4b38-9c1b-3c4fd9d0a001', category } });
const tokensOf = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

export type HubSpotContract = ContractServer & {
  records(type: ObjectType): HubSpotRecord[];
  /** A change made by a person in HubSpot: new property values, and a new modification time. */
  edit(type: ObjectType, id: string, properties: Record<string, string>): void;
  /** The documented 429 of the ten-secondly limit, with its headers; the window in ms. */
  rateLimitNext(windowMs: number): void;
  /** Records made from now on stay out of search results (HubSpot's index lags behind creates) until `indexAll`. */
  lagSearch(): void;
  indexAll(): void;
};

export async function startHubSpotContract(opts: { token: string; owners?: { id: string; email: string }[] }): Promise<HubSpotContract> {
  const store = new Map<string, HubSpotRecord>();
  const unindexed = new Set<string>();
  let lagging = false;
  let nextId = 1000;
  let clock = Date.parse('2026-12-01T00:00:00Z');
  // Strictly increasing modification times, as HubSpot's are for successive writes.
  const stamp = () => new Date((clock = Math.max(clock + 1, Date.now()))).toISOString();
  const ofType = (type: ObjectType) => [...store.values()].filter((r) => r.type === type);
  const view = (r: HubSpotRecord, only?: string[]) => ({
    id: r.id,
    properties: only ? Object.fromEntries(['hs_object_id', 'createdate', 'hs_lastmodifieddate', ...only].map((p) => [p, r.properties[p] ?? null])) : r.properties,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    archived: false,
  });
  const matches = (r: HubSpotRecord, f: z.infer<typeof searchBody>['filterGroups'][number]['filters'][number]) => {
    const v = r.properties[f.propertyName];
    if (v === undefined) return false;
    if (f.operator === 'EQ') return v.toLowerCase() === f.value.toLowerCase();
    if (f.operator === 'CONTAINS_TOKEN') return tokensOf(v).includes(f.value.toLowerCase());
    if (f.operator === 'GTE') return (dateProperties.has(f.propertyName) ? Date.parse(v) : Number(v)) >= Number(f.value);
    return false;
  };
  const write = (type: ObjectType, properties: Record<string, string>, associations: HubSpotRecord['associations']): HubSpotRecord => {
    const at = stamp();
    const id = String(++nextId);
    const r: HubSpotRecord = { id, type, properties: { ...properties, hs_object_id: id, createdate: at, hs_lastmodifieddate: at }, associations, createdAt: at, updatedAt: at };
    store.set(id, r);
    if (lagging) unindexed.add(id);
    return r;
  };

  // An owner property must name an owner of the account (HubSpot's INVALID_OWNER_ID).
  const ownerRefused = (properties: Record<string, string>): Answer | null => {
    const owner = properties.hubspot_owner_id;
    if (owner === undefined || owner === '' || (opts.owners ?? []).some((o) => o.id === owner)) return null;
    return error(400, 'VALIDATION_ERROR', `Property values were not valid: [{"isValid":false,"message":"${owner} is not a valid owner id","error":"INVALID_OWNER_ID","name":"hubspot_owner_id"}]`);
  };

  const server = await startContractServer({
    token: opts.token,
    unauthorized: error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication.'),
    notFound: (req) => error(404, 'OBJECT_NOT_FOUND', `no route for ${req.method} ${req.path}`),
    route(req) {
      if (req.method === 'GET' && req.path === '/crm/v3/owners') {
        const email = req.query.get('email')?.toLowerCase();
        const owners = (opts.owners ?? []).filter((o) => email === undefined || o.email === email);
        return { status: 200, body: { results: owners.map((o) => ({ ...o, firstName: 'Sam', lastName: 'Owner', userId: Number(o.id), createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })) } };
      }
      const m = /^\/crm\/v3\/objects\/([a-z]+)(?:\/(search|[^/]+))?$/.exec(req.path);
      const type = m?.[1] as ObjectType | undefined;
      if (!m || !type || !objectTypes.includes(type)) return undefined;
      if (req.method === 'POST' && m[2] === 'search') {
        const parsed = searchBody.safeParse(req.body);
        if (!parsed.success) return error(400, 'VALIDATION_ERROR', `Invalid input JSON on line 1: ${parsed.error.message}`);
        const { filterGroups, properties, sorts, limit = 10, after } = parsed.data;
        let found = ofType(type).filter((r) => !unindexed.has(r.id)).filter((r) => filterGroups.length === 0 || filterGroups.some((g) => g.filters.every((f) => matches(r, f))));
        const sort = sorts?.[0];
        if (sort) found = found.sort((a, b) => (a.properties[sort.propertyName] ?? '').localeCompare(b.properties[sort.propertyName] ?? '') * (sort.direction === 'ASCENDING' ? 1 : -1));
        const start = Number(after ?? 0);
        const page = found.slice(start, start + limit);
        return { status: 200, body: { total: found.length, results: page.map((r) => view(r, properties)), ...(start + limit < found.length ? { paging: { next: { after: String(start + limit), link: '?after=' } } } : {}) } };
      }
      if (req.method === 'POST' && m[2] === undefined) {
        const parsed = createBody.safeParse(req.body);
        if (!parsed.success) return error(400, 'VALIDATION_ERROR', `Invalid input JSON on line 1: ${parsed.error.message}`);
        const badOwner = ownerRefused(parsed.data.properties);
        if (badOwner) return badOwner;
        const missing = required[type].filter((p) => !parsed.data.properties[p]);
        if (missing.length) return error(400, 'VALIDATION_ERROR', `Property values were not valid: missing ${missing.join(', ')}`);
        const email = parsed.data.properties.email?.toLowerCase();
        const same = type === 'contacts' ? ofType('contacts').find((c) => c.properties.email?.toLowerCase() === email) : undefined;
        if (same) return error(409, 'CONFLICT', `Contact already exists. Existing ID: ${same.id}`);
        const associations: HubSpotRecord['associations'] = [];
        for (const a of parsed.data.associations ?? []) {
          for (const t of a.types) {
            const target = associationTargets[type]?.[t.associationTypeId];
            if (!target || t.associationCategory !== 'HUBSPOT_DEFINED') return error(400, 'VALIDATION_ERROR', `${t.associationTypeId} is not a valid association type from ${type}`);
            if (store.get(a.to.id)?.type !== target) return error(400, 'VALIDATION_ERROR', `No ${target} with ID ${a.to.id} exists to associate`);
            associations.push({ toId: a.to.id, typeId: t.associationTypeId });
          }
        }
        return { status: 201, body: view(write(type, parsed.data.properties, associations)) };
      }
      if (req.method === 'PATCH' && m[2] !== undefined) {
        const parsed = updateBody.safeParse(req.body);
        if (!parsed.success) return error(400, 'VALIDATION_ERROR', `Invalid input JSON on line 1: ${parsed.error.message}`);
        const badOwner = ownerRefused(parsed.data.properties);
        if (badOwner) return badOwner;
        const r = store.get(m[2]);
        if (!r || r.type !== type) return error(404, 'OBJECT_NOT_FOUND', 'resource not found');
        const at = stamp();
        Object.assign(r.properties, parsed.data.properties, { hs_lastmodifieddate: at });
        r.updatedAt = at;
        return { status: 200, body: view(r) };
      }
      return undefined;
    },
  });
  return {
    ...server,
    records: ofType,
    edit(type, id, properties) {
      const r = store.get(id);
      if (!r || r.type !== type) throw new Error(`no ${type} ${id}`);
      const at = stamp();
      Object.assign(r.properties, properties, { hs_lastmodifieddate: at });
      r.updatedAt = at;
    },
    lagSearch: () => void (lagging = true),
    indexAll() {
      lagging = false;
      unindexed.clear();
    },
    rateLimitNext(windowMs) {
      server.failNext({
        status: 429,
        headers: { 'X-HubSpot-RateLimit-Interval-Milliseconds': String(windowMs), 'X-HubSpot-RateLimit-Max': '100', 'X-HubSpot-RateLimit-Remaining': '0' },
        body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: 'c5b0f1f4-0d1e-4c5e-9a43-0b6a0f7c1f00', policyName: 'TEN_SECONDLY_ROLLING', groupName: 'publicapi:private-app:1' },
      });
    },
  };
}
