// /v1/journeys: validate and publish definitions, list them, launch them; and the journeys of one
// account: status, pause, resume, stop. The same functions as `harpoon journeys ...`.
import { z } from 'zod';
import { holdoutShareTextSchema } from '../../domain/measurement/holdout-settings';
import { accountFor } from '../../accounts/find-account';
import { accountsInTier, launchForAccounts } from '../../use-cases/launch';
import { journeyStatus } from '../../use-cases/journey-status';
import { steerJourneys, type SteerAction } from '../../use-cases/steer';
import { marketingOnly } from '../../domain/access/roles';
import { tier } from '../../domain/accounts/vocabulary';
import { publishJourney, validateJourneyDefinition } from '../../journeys/catalog';
import { listJourneys } from '../../journeys/list';
import type { ApiRoutes } from '../deps';
import { invalid, notFound, UseCaseError } from '../../domain/use-case-error';
import { actingUserOf } from '../auth';
import { accountParams } from './accounts';

const definition = z.unknown().describe('a journey definition, as in a journey file (schema: domain/journey/definition.ts)');

const launchBody = z
  .object({
    tier: tier.optional().describe('every account of this tier'),
    accounts: z.array(z.string().min(1)).min(1).max(10_000).optional().describe('account domains or ids'),
    holdout: holdoutShareTextSchema.optional().describe("hold out this share of each tier's eligible accounts instead of the journey's holdout, e.g. \"10%\" or \"0.1\""),
  })
  .refine((b) => (b.tier === undefined) !== (b.accounts === undefined), { message: 'expected exactly one of tier or accounts', path: ['tier'] });

const steerBody = z.object({
  journey: z.string().min(1).optional().describe('only this journey key'),
  reason: z.string().min(1).max(500).optional().describe('kept on the timeline'),
});

export const journeyRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;
  const tags = ['journeys'];

  app.post(
    '/journeys/validate',
    { config: { roles: marketingOnly }, schema: { tags, summary: 'Every problem in a journey definition, with its path', body: definition } },
    async (req) => {
      const result = validateJourneyDefinition(req.body);
      return result.ok ? { ok: true, key: result.definition.key } : result;
    },
  );

  app.post(
    '/journeys',
    { config: { roles: marketingOnly }, schema: { tags, summary: 'Publish a new immutable version (an unchanged definition keeps its version)', body: definition } },
    async (req, reply) => {
      const result = validateJourneyDefinition(req.body);
      if (!result.ok) {
        const issues = result.problems.map((p) => ({ path: `body.${p.path}`, message: p.message }));
        return reply.code(400).send({ error: `invalid journey: ${issues.length} problem(s)`, issues });
      }
      const published = await publishJourney(db, result.definition);
      return reply.code(published.created ? 201 : 200).send(published);
    },
  );

  app.get('/journeys', { config: { roles: marketingOnly }, schema: { tags, summary: 'Published journeys and how many accounts run them' } }, () => listJourneys(db));

  app.post(
    '/journeys/:key/launch',
    {
      config: { roles: marketingOnly },
      schema: { tags, summary: 'Start the latest version for a tier or a list of accounts', params: z.object({ key: z.string().min(1) }), body: launchBody },
    },
    async (req) => {
      const { tier: wanted, accounts: refs, holdout: holdoutShare } = req.body;
      let accounts;
      if (wanted !== undefined) accounts = await accountsInTier(db, wanted);
      else {
        // Only "no such account" is collected for the one 400 below; anything else (a database failure)
        // fails the request as it is.
        const unknownAccount = (err: unknown) => (err instanceof UseCaseError && err.kind === 'not_found' ? null : Promise.reject(err));
        const found = await Promise.all(refs!.map(async (ref) => ({ ref, account: await accountFor(db, actingUserOf(req), ref).catch(unknownAccount) })));
        const unknown = found.filter((f) => !f.account).map((f) => f.ref);
        if (unknown.length > 0) throw invalid(`${unknown.length} unknown account(s); nothing was launched`, unknown);
        accounts = found.map((f) => f.account!);
      }
      return launchForAccounts(db, await deps.temporal(), deps.taskQueue, req.params.key, accounts, undefined, { holdoutShare });
    },
  );

  app.get(
    '/accounts/:account/journeys',
    { config: { roles: marketingOnly }, schema: { tags, summary: "An account's journeys: stage, step, next wake-up, engagement, waiting events", params: accountParams } },
    async (req) => {
      const account = await accountFor(db, actingUserOf(req), req.params.account);
      // The database answers even when Temporal is away; the live parts then stay empty.
      const client = await deps.temporal().catch((err: Error) => err);
      return client instanceof Error ? journeyStatus(db, undefined, account, client.message) : journeyStatus(db, client, account);
    },
  );

  for (const action of ['pause', 'resume', 'stop'] as SteerAction[]) {
    app.post(
      `/accounts/:account/journeys/${action}`,
      { config: { roles: marketingOnly }, schema: { tags, summary: `${action} the account's running journeys`, params: accountParams, body: steerBody } },
      async (req) => {
        const account = await accountFor(db, actingUserOf(req), req.params.account);
        const reason = req.body.reason ?? `${action === 'stop' ? 'stopped' : `${action}d`} through the API`;
        const ids = await steerJourneys(db, await deps.temporal(), { accountId: account.id, journeyKey: req.body.journey }, action, reason);
        if (ids.length === 0) throw notFound(`${account.domain} has no running journey${req.body.journey ? ` "${req.body.journey}"` : ''}`);
        return { action, journeys: ids };
      },
    );
  }
};
