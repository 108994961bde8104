// The pure rules of CRM sync: the conflict rules of inbound outcomes, how a website names a domain,
// what the vendors' failures mean for a retry, and the client-side limit of HubSpot's window.
import { describe, expect, it } from 'vitest';
import { hubspotFailure, salesforceFailure } from '../../reach/crm/crm-error';
import { asHtml, hostOf, inboundDecision, type CrmDealState } from '../../reach/crm/crm-mapping';
import { slidingWindowLimiter } from '../../reach/crm/hubspot-limiter';

const task = (status: string, amount: number | null = 40000) => ({ id: 'handoff/a/1', status, amount, currency: amount === null ? null : 'EUR' });
const deal = (outcome: CrmDealState['outcome'], extra: Partial<CrmDealState> = {}): CrmDealState => ({ outcome, amount: null, currency: null, reason: null, ...extra });

describe('inbound conflict rules', () => {
  it('applies a CRM outcome to an open task, the CRM amount winning and Harpoon keeping what the CRM lacks', () => {
    expect(inboundDecision(task('opportunity'), deal('won', { amount: 52000 }))).toMatchObject({ kind: 'apply', actions: [{ kind: 'won', amount: 52000, currency: 'EUR' }] });
    expect(inboundDecision(task('accepted'), deal('won'))).toMatchObject({ actions: [{ kind: 'won', amount: 40000, currency: 'EUR' }] });
    expect(inboundDecision(task('accepted', null), deal('won'))).toMatchObject({ actions: [{ kind: 'won', amount: undefined, currency: undefined }] });
    expect(inboundDecision(task('opportunity'), deal('lost', { reason: 'price' }))).toMatchObject({ actions: [{ kind: 'lost', reason: 'price' }] });
  });

  it('accepts a task handed over but never accepted before closing it (the rep worked it in the CRM)', () => {
    expect(inboundDecision(task('created'), deal('lost'))).toMatchObject({ kind: 'apply', actions: [{ kind: 'accept' }, { kind: 'lost', reason: 'closed lost in the CRM' }] });
  });

  it("never overwrites an outcome Harpoon recorded, and says so when the CRM differs", () => {
    expect(inboundDecision(task('won'), deal('won'))).toMatchObject({ kind: 'nothing' });
    expect(inboundDecision(task('lost'), deal('won'))).toMatchObject({ kind: 'conflict', why: expect.stringContaining("Harpoon's outcome stands") });
    expect(inboundDecision(task('rejected'), deal('won'))).toMatchObject({ kind: 'conflict' });
    expect(inboundDecision(task('queued'), deal('won'))).toMatchObject({ kind: 'conflict', why: expect.stringContaining('still queued') });
  });

  it('does nothing for a deal still open', () => {
    expect(inboundDecision(task('opportunity'), deal(null, { amount: 99 }))).toEqual({ kind: 'nothing', why: 'the deal is still open' });
  });
});

it("writes HubSpot's bodies as escaped HTML lines", () => {
  expect(asHtml('Why: <b> & more\nScore: 7')).toBe('Why: &lt;b&gt; &amp; more<br>Score: 7');
});

it('reads a website as its domain, without scheme, www or path', () => {
  expect(hostOf('https://www.Acme.example/about')).toBe('acme.example');
  expect(hostOf('acme.example')).toBe('acme.example');
  expect(hostOf('')).toBeNull();
  expect(hostOf('not a url at all')).toBeNull();
});

describe('what a failure means for a retry', () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers), body: JSON.stringify(body) });

  it('HubSpot: 429 after Retry-After or its window; 5xx retried; 401 and 400 need a person', () => {
    expect(hubspotFailure('x', answer(429, { message: 'limit' }, { 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' }))).toMatchObject({ retryable: true, retryAfterMs: 10000 });
    expect(hubspotFailure('x', answer(429, { message: 'limit' }, { 'Retry-After': '2' }))).toMatchObject({ retryAfterMs: 2000 });
    expect(hubspotFailure('x', answer(503, { message: 'down' }))).toMatchObject({ retryable: true });
    expect(hubspotFailure('x', answer(401, { message: 'bad token' }))).toMatchObject({ retryable: false });
    expect(hubspotFailure('creating the deal of t', answer(400, { message: 'Property values were not valid' })).message).toBe('HubSpot rejected creating the deal of t (HTTP 400: Property values were not valid)');
  });

  it('Salesforce: REQUEST_LIMIT_EXCEEDED and 5xx retried, INVALID_SESSION_ID and field errors not', () => {
    expect(salesforceFailure('x', answer(403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]))).toMatchObject({ retryable: true });
    expect(salesforceFailure('x', answer(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }]))).toMatchObject({ retryable: true });
    expect(salesforceFailure('x', answer(401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]))).toMatchObject({ retryable: false });
    expect(salesforceFailure('x', answer(400, [{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]' }]))).toMatchObject({ retryable: false, message: expect.stringContaining('REQUIRED_FIELD_MISSING') });
  });
});

it("keeps to HubSpot's window on our side: the call over the limit waits for the oldest to leave it", async () => {
  let now = 0;
  const limit = slidingWindowLimiter(2, 1000, () => now);
  await limit();
  await limit();
  let third = false;
  const waiting = limit().then(() => (third = true));
  await new Promise((r) => setTimeout(r, 20));
  expect(third).toBe(false);
  now = 1000;
  await waiting;
  expect(third).toBe(true);
});
