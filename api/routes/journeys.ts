// /v1/journeys: validate and publish definitions, list them, launch them; and the journeys of one
// account: status, pause, resume, stop. The same functions as `harpoon journeys ...`.
import { z } from 'zod';
import { holdoutShareTextSchema } from '../../domain/measurement/holdout-settings';
import { accountFor } from '../../accounts/find-account';
import { accountsInTier, launchForAccounts } from '../../use-cases/launch';
import { journeyStatus } from '../../use-cases/journey-status';
import { noJourneyToSteer, steerJourneys, type SteerAction } from '../../use-cases/steer';
import { marketingOnly } from '../../domain/access/roles';
import { tier } from '../../domain/accounts/vocabulary';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { publishJourney, validateJourneyDefinition } from '../../journeys/catalog';
import { listJourneys } from '../../journeys/list';
import type { ApiRoutes } from '../deps';
import { errorBody } from '../../http/errors';
import { invalid, notFound, UseCaseError } from '../../domain/use-case-error';
import { actingUserOf } from '../auth';
import { accountParams } from './accounts';
import { accountJourneys, journeySummary, launchReply, publishedJourney, steerReply, validationReply } from '../responses/journeys';

/**
 * The journey definition's JSON Schema, a component of the document (api/api.ts adds it). For the
 * document only: the handlers check a definition with the journey validator, which lists every
 * problem with its path and also checks what a schema cannot (a step named by another exists).
 */
export const journeyDefinitionComponent = (() => {
  const { $schema: _, ...schema } = z.toJSONSchema(journeyDefinitionSchema, { io: 'input', unrepresentable: 'any' });
  // Its recursive conditions are its one $def (zod calls it __schema0), referred to from inside the
  // document through the component; @fastify/swagger makes it the component JourneyDefinition-Condition.
  const inDocument = JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/JourneyDefinition/$defs/').replaceAll('__schema0', 'Condition');
  return JSON.parse(inDocument) as Record<string, unknown>;
})();

const definition = z.unknown().meta({ $ref: '#/components/schemas/JourneyDefinition', description: 'a journey definition, as in a journey file' });

/** At most this many accounts a launch by list; a larger one is split by the caller. */
export const maxAccountsPerLaunch = 10_000;

/** What a launch body that fails the choice hears: about the one field it gave, else the choice itself. */
function launchChoiceError(input: unknown): string {
  const body = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const gave = (field: string) => body[field] !== undefined;
  if (gave('tier') && !gave('accounts')) return `tier: ${JSON.stringify(body.tier)} is not a tier, expected 1, 2 or 3`;
  if (gave('accounts') && !gave('tier')) return `accounts: expected a list of 1 to ${maxAccountsPerLaunch.toLocaleString('en')} account domains or ids`;
  return 'expected exactly one of tier (1, 2 or 3) or accounts (a list of account domains or ids)';
}

// Exactly one of the two, as the document's oneOf says: a body with both, or neither, is refused.
// The holdout stands beside that choice (allOf), so a bad share is refused at its own field.
const launchBody = z
  // A JSON number (0.1) is the share the same text reads as.
  .object({ holdout: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), holdoutShareTextSchema).optional().describe("hold out this share of each tier's eligible accounts instead of the journey's holdout, e.g. \"10%\" or \"0.1\"") })
  .and(
    z.xor(
      [
        z.object({ tier: tier.describe('every account of this tier') }),
        z.object({ accounts: z.array(z.string().min(1)).min(1).max(maxAccountsPerLaunch).describe('account domains or ids') }),
      ],
      { error: (issue) => launchChoiceError(issue.input) },
    ),
  );

// Strict: a misspelt field (`reasn`) is refused, not dropped for the default reason.
const steerBody = z.strictObject({
  journey: z.string().min(1).optional().describe('only this journey key'),
  reason: z.string().trim().min(1, 'say why, for the timeline').max(500).optional().describe('kept on the timeline'),
});

export const journeyRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;
  const tags = ['journeys'];

  app.post(
    '/journeys/validate',
    { config: { roles: marketingOnly }, schema: { tags, summary: 'Every problem in a journey definition, with its path', body: definition, response: { 200: validationReply } } },
    async (req) => {
      const result = validateJourneyDefinition(req.body);
      return result.ok ? { ok: true as const, key: result.definition.key } : result;
    },
  );

  app.post(
    '/journeys',
    { config: { roles: marketingOnly }, schema: { tags, summary: 'Publish a new immutable version (201; an unchanged definition keeps its version: 200)', body: definition, response: { 200: publishedJourney, 201: publishedJourney, 400: errorBody } } },
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

  app.get('/journeys', { config: { roles: marketingOnly }, schema: { tags, summary: 'Published journeys and how many accounts run them', response: { 200: z.array(journeySummary) } } }, () => listJourneys(db));

  app.post(
    '/journeys/:key/launch',
    {
      config: { roles: marketingOnly },
      schema: { tags, summary: 'Start the latest version for a tier or a list of accounts', params: z.object({ key: z.string().min(1) }), body: launchBody, response: { 200: launchReply } },
    },
    async (req) => {
      const holdoutShare = req.body.holdout;
      let accounts;
      if ('tier' in req.body) accounts = await accountsInTier(db, req.body.tier);
      else {
        // Only "no such account" is collected for the one 400 below; anything else (a database failure)
        // fails the request as it is.
        const unknownAccount = (err: unknown) => (err instanceof UseCaseError && err.kind === 'not_found' ? null : Promise.reject(err));
        const found = await Promise.all(req.body.accounts.map(async (ref) => ({ ref, account: await accountFor(db, actingUserOf(req), ref).catch(unknownAccount) })));
        const unknown = found.filter((f) => !f.account).map((f) => f.ref);
        if (unknown.length > 0) throw invalid(`${unknown.length} unknown account(s); nothing was launched`, unknown);
        accounts = found.map((f) => f.account!);
      }
      return launchForAccounts(db, await deps.temporal(), deps.taskQueue, req.params.key, accounts, undefined, { holdoutShare });
    },
  );

  app.get(
    '/accounts/:account/journeys',
    { config: { roles: marketingOnly }, schema: { tags, summary: "An account's journeys: stage, step, next wake-up, engagement, waiting events", params: accountParams, response: { 200: accountJourneys } } },
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
      { config: { roles: marketingOnly }, schema: { tags, summary: `${action} the account's running journeys`, params: accountParams, body: steerBody, response: { 200: steerReply } } },
      async (req) => {
        const account = await accountFor(db, actingUserOf(req), req.params.account);
        const reason = req.body.reason ?? `${action === 'stop' ? 'stopped' : `${action}d`} through the API`;
        const { steered, unchanged } = await steerJourneys(db, await deps.temporal(), { accountId: account.id, journeyKey: req.body.journey }, action, reason);
        if (steered.length + unchanged.length === 0) throw notFound(await noJourneyToSteer(db, account, req.body.journey));
        return { action, journeys: steered, unchanged };
      },
    );
  }
};
