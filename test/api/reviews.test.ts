// /v1/reviews on a real server (loopback port) over a real database file: the tier-1 reviews waiting
// for a person, one review with its evidence, and the checks on a decision before it goes to the
// review's workflow (its validator's own refusals are in test/workflows/reviews.test.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../use-cases/api-keys';
import type { Db } from '../../db/client';
import { startApiWithoutTemporal } from '../support/api-server';

let api: Awaited<ReturnType<typeof startApiWithoutTemporal>>;
let db: Db;
const keys = { marketing: '', sales: '' };
let reviewId = '';

beforeAll(async () => {
  api = await startApiWithoutTemporal('reviews-api-secret-0123456789abcdef');
  db = api.db;
  await db.salesRep.create({ data: { email: 'rep@keelson.example', name: 'Rep' } });
  keys.marketing = (await createApiKey(db, { name: 'ops', role: 'marketing' })).secret;
  keys.sales = (await createApiKey(db, { name: 'crm', role: 'sales', repEmail: 'rep@keelson.example' })).secret;
  const account = await db.account.create({ data: { domain: 'reviewed.example', name: 'Reviewed GmbH', tier: 1, poolStatus: 'target' } });
  reviewId = `review/${account.id}/1`;
  await db.review.create({
    data: {
      id: reviewId,
      accountId: account.id,
      seq: 1,
      openAccountId: account.id,
      journeyWorkflowId: `journey/tier1/${account.id}`,
      tier: 1,
      mode: 'human',
      status: 'waiting',
      facts: { valueScore: 81, engagementScore: 12, coverage: 0.5 },
      evidence: { why: 'tier 1 review from journey t1', score: 40, scoreBreakdown: {}, engagedContacts: [], recent: [], gaps: ['budget_holder'], nextAction: 'meet the decision maker' },
      deadlineAt: new Date(Date.now() + 5 * 86_400_000),
    },
  });
});
afterAll(async () => {
  await api?.stop();
});

const call = (method: string, path: string, key: string | undefined, body?: unknown) => api.call(method, path, key, body);

it('keeps reviews to marketing and admin keys (401 without a key, 403 for sales)', async () => {
  expect((await call('GET', '/v1/reviews', undefined)).status).toBe(401);
  expect((await call('GET', '/v1/reviews', keys.sales)).status).toBe(403);
  expect((await call('POST', `/v1/reviews/${encodeURIComponent(reviewId)}/decision`, keys.sales, { decision: 'continue', reason: 'fine' })).status).toBe(403);
});

it('lists the reviews waiting for a person and shows one with its facts and evidence, by ID or by domain', async () => {
  const list = await call('GET', '/v1/reviews', keys.marketing);
  expect(list.status).toBe(200);
  expect(list.body).toEqual([expect.objectContaining({ id: reviewId, status: 'waiting', mode: 'human', tier: 1, account: expect.objectContaining({ domain: 'reviewed.example' }) })]);
  const byId = await call('GET', `/v1/reviews/${encodeURIComponent(reviewId)}`, keys.marketing);
  expect(byId.status).toBe(200);
  expect(byId.body).toMatchObject({ id: reviewId, facts: { valueScore: 81 }, evidence: { gaps: ['budget_holder'] } });
  expect((await call('GET', '/v1/reviews/reviewed.example', keys.marketing)).body.id).toBe(reviewId);
});

it('answers 404 for an unknown review and 400 for a decision that is not one, naming each field', async () => {
  const unknown = await call('GET', '/v1/reviews/nobody.example', keys.marketing);
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toContain('No review "nobody.example"');
  expect((await call('POST', '/v1/reviews/nobody.example/decision', keys.marketing, { decision: 'continue', reason: 'fine' })).status).toBe(404);
  const bad = await call('POST', `/v1/reviews/${encodeURIComponent(reviewId)}/decision`, keys.marketing, { decision: 'promote', reason: ' ', tier: 4 });
  expect(bad.status).toBe(400);
  expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.decision', 'body.reason', 'body.tier']);
  expect((await db.review.findUniqueOrThrow({ where: { id: reviewId } })).status).toBe('waiting');
});
