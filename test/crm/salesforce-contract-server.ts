// Salesforce REST as documented, for exactly the calls Harpoon makes: SOQL queries (the subset it
// writes: SELECT ... FROM ... WHERE a = 'x' AND b LIKE '%y%' AND c > datetime ORDER BY ... LIMIT n)
// and sObject create and update of Accounts, Contacts, Leads, Tasks and Opportunities (an owner
// must be an active User, as Salesforce requires). Checks each request with zod, answers in
// Salesforce's shapes ([{ message, errorCode }] for errors), keeps the records in memory; and can
// answer REQUEST_LIMIT_EXCEEDED, 503 or INVALID_SESSION_ID.
import { z } from 'zod';
import { startContractServer, type Answer, type ContractServer } from './contract-server';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.string().regex(/^[a-zA-Z0-9]{15,18}$/);
const fields = {
  Account: z.strictObject({ Name: z.string().min(1), Website: z.string().optional() }),
  Contact: z.strictObject({ LastName: z.string().min(1), FirstName: z.string().optional(), Title: z.string().optional(), Email: z.email(), AccountId: id.optional() }),
  Lead: z.strictObject({ LastName: z.string().min(1), FirstName: z.string().optional(), Title: z.string().optional(), Email: z.email(), Company: z.string().min(1), Website: z.string().optional() }),
  Task: z.strictObject({ Subject: z.string().max(255), Description: z.string().optional(), ActivityDate: date.optional(), Status: z.enum(['Not Started', 'In Progress', 'Completed']), Priority: z.enum(['High', 'Normal', 'Low']), WhoId: id.optional(), WhatId: id.optional(), OwnerId: id.optional() }),
  Opportunity: z.strictObject({ Name: z.string().min(1), AccountId: id.optional(), StageName: z.string().min(1), CloseDate: date, Amount: z.number().optional(), Description: z.string().optional(), OwnerId: id.optional() }),
} as const;
type SObject = keyof typeof fields | 'User';
const prefixes: Record<SObject, string> = { Account: '001', Contact: '003', Lead: '00Q', Task: '00T', Opportunity: '006', User: '005' };

export type SalesforceRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };

const sfError = (status: number, errorCode: string, message: string, fieldsNamed: string[] = []): Answer => ({ status, body: [{ message, errorCode, fields: fieldsNamed }] });
const literal = /^'((?:[^'\\]|\\.)*)'$/;
const unquote = (text: string) => literal.exec(text)![1]!.replace(/\\(.)/g, '$1');

type Condition = (r: SalesforceRecord) => boolean;
function condition(text: string): Condition | null {
  const m = /^(\w+)\s*(=|>|LIKE)\s*(.+)$/.exec(text.trim());
  if (!m) return null;
  const [, field, op, value] = m as unknown as [string, string, string, string];
  if (value === 'true' || value === 'false') return (r) => r[field] === (value === 'true');
  if (literal.test(value)) {
    const v = unquote(value);
    if (op === '=') return (r) => typeof r[field] === 'string' && (r[field] as string).toLowerCase() === v.toLowerCase();
    if (op === 'LIKE') {
      const re = new RegExp(`^${v.split('%').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
      return (r) => typeof r[field] === 'string' && re.test(r[field] as string);
    }
  }
  if (op === '>' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value)) return (r) => Date.parse(r[field] as string) > Date.parse(value);
  return null;
}

export type SalesforceContract = ContractServer & {
  records(type: SObject): SalesforceRecord[];
  /** A change made by a person in Salesforce (a new SystemModstamp with it). */
  edit(type: SObject, recordId: string, values: Record<string, unknown>): void;
  add(type: SObject, values: Record<string, unknown>): SalesforceRecord;
};

export async function startSalesforceContract(opts: { token: string; apiVersion?: string }): Promise<SalesforceContract> {
  const base = `/services/data/${opts.apiVersion ?? 'v60.0'}`;
  const store = new Map<string, SalesforceRecord & { type: SObject }>();
  let serial = 0;
  let clock = Date.parse('2026-12-01T00:00:00Z');
  // Whole seconds apart, as SOQL's datetime literals are whole seconds.
  const stamp = () => new Date((clock = Math.max(clock + 1000, Math.ceil(Date.now() / 1000) * 1000))).toISOString().replace('Z', '+0000');
  const derived = (r: SalesforceRecord & { type: SObject }) => {
    if (r.type === 'Opportunity') Object.assign(r, { IsClosed: String(r.StageName).startsWith('Closed'), IsWon: r.StageName === 'Closed Won' });
    if (r.type === 'Lead') r.IsConverted ??= false;
    return r;
  };
  const add = (type: SObject, values: Record<string, unknown>) => {
    const recordId = `${prefixes[type]}${String(++serial).padStart(12, '0')}AAA`;
    const r = derived({ ...values, Id: recordId, type, SystemModstamp: stamp() });
    store.set(recordId, r);
    return r;
  };

  function query(soql: string): Answer {
    const m = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER BY\s+(\w+)\s+(ASC|DESC))?(?:\s+LIMIT\s+(\d+))?$/i.exec(soql.trim());
    if (!m) return sfError(400, 'MALFORMED_QUERY', `unexpected token in: ${soql}`);
    const [, list, type, where, orderBy, direction, limit] = m;
    const conditions = where ? where.split(/\s+AND\s+/).map(condition) : [];
    if (conditions.some((c) => c === null)) return sfError(400, 'MALFORMED_QUERY', `unsupported condition in: ${where}`);
    const names = list!.split(',').map((f) => f.trim());
    let rows = [...store.values()].filter((r) => r.type === type && conditions.every((c) => c!(r)));
    if (orderBy) rows = rows.sort((a, b) => String(a[orderBy]).localeCompare(String(b[orderBy])) * (direction!.toUpperCase() === 'ASC' ? 1 : -1));
    if (limit) rows = rows.slice(0, Number(limit));
    const records = rows.map((r) => ({ attributes: { type, url: `${base}/sobjects/${type}/${r.Id}` }, ...Object.fromEntries(names.map((n) => [n, r[n] ?? null])) }));
    return { status: 200, body: { totalSize: records.length, done: true, records } };
  }

  /** A create's or an update's references: records that exist; an owner, an active User. */
  function references(values: Record<string, unknown>): Answer | null {
    for (const ref of ['AccountId', 'WhoId', 'WhatId', 'OwnerId']) {
      if (typeof values[ref] === 'string' && !store.has(values[ref])) return sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${ref}`, [ref]);
    }
    const owner = typeof values.OwnerId === 'string' ? store.get(values.OwnerId) : undefined;
    if (owner && (owner.type !== 'User' || owner.IsActive !== true)) return sfError(400, 'INACTIVE_OWNER_OR_USER', 'operation performed with inactive user', ['OwnerId']);
    return null;
  }

  const server = await startContractServer({
    token: opts.token,
    unauthorized: sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid'),
    notFound: (req) => sfError(404, 'NOT_FOUND', `The requested resource does not exist: ${req.method} ${req.path}`),
    route(req) {
      if (req.method === 'GET' && req.path === `${base}/query`) return query(req.query.get('q') ?? '');
      const m = new RegExp(`^${base.replace(/\./g, '\\.')}/sobjects/(\\w+)(?:/(\\w+))?$`).exec(req.path);
      const type = m?.[1] as keyof typeof fields | undefined;
      if (!m || !type || !(type in fields)) return undefined;
      if (req.method === 'POST' && m[2] === undefined) {
        const parsed = fields[type].safeParse(req.body);
        if (!parsed.success) return sfError(400, 'INVALID_FIELD', parsed.error.message, parsed.error.issues.map((i) => String(i.path[0])));
        const values = parsed.data as Record<string, unknown>;
        const badReference = references(values);
        if (badReference) return badReference;
        if (type === 'Task' && String(values.WhoId ?? '').startsWith('00Q') && values.WhatId) {
          return sfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'Related To ID: id value of incorrect type: a task about a lead cannot be related to a record', ['WhatId']);
        }
        return { status: 201, body: { id: add(type, values).Id, success: true, errors: [] } };
      }
      if (req.method === 'PATCH' && m[2] !== undefined) {
        const r = store.get(m[2]);
        if (!r || r.type !== type) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
        const parsed = fields[type].partial().safeParse(req.body);
        if (!parsed.success) return sfError(400, 'INVALID_FIELD', parsed.error.message);
        const badReference = references(parsed.data as Record<string, unknown>);
        if (badReference) return badReference;
        derived(Object.assign(r, parsed.data, { SystemModstamp: stamp() }));
        return { status: 204 };
      }
      return undefined;
    },
  });
  return {
    ...server,
    records: (type) => [...store.values()].filter((r) => r.type === type),
    edit(type, recordId, values) {
      const r = store.get(recordId);
      if (!r || r.type !== type) throw new Error(`no ${type} ${recordId}`);
      derived(Object.assign(r, values, { SystemModstamp: stamp() }));
    },
    add,
  };
}
