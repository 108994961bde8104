// The /v1 API: one file per resource under api/routes, each registered by one line below. Every
// body, query, parameter and success response is a zod schema, from which /openapi.json and the
// /docs page are made; the document holds the /v1 routes only (the console and the signed-link
// pages are HTML for people, not part of the API).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { errorBody } from '../http/errors';
import { requireKeys } from './auth';
import { auditRequests, keyActor } from '../audit/audit-requests';
import { limitCallsPerKey } from './rate-limit';
import type { ApiDeps, ApiRoutes } from './deps';
import { accountRoutes } from './routes/accounts';
import { audienceRoutes } from './routes/audiences';
import { auditRoutes } from './routes/audit';
import { contactRoutes } from './routes/contacts';
import { engagementEventRoutes } from './routes/engagement-events';
import { journeyDefinitionComponent, journeyRoutes } from './routes/journeys';
import { metricsRoutes } from './routes/metrics';
import { metricsAttributionRoutes } from './routes/metrics-attribution';
import { metricsLiftRoutes } from './routes/metrics-lift';
import { metricsExperimentsRoutes } from './routes/metrics-experiments';
import { metricsStepsRoutes } from './routes/metrics-steps';
import { programmeEventRoutes } from './routes/programme-events';
import { reviewRoutes } from './routes/reviews';
import { taskRoutes } from './routes/tasks';
import { webhookRoutes } from './routes/webhooks';
import { alertRoutes } from './routes/alerts';
import { repTaskRoutes } from './routes/rep-tasks';

const errorResponses = Object.fromEntries(
  [400, 401, 403, 404, 409, 413, 429, 500, 503].map((status) => [status, errorBody]),
);

const resources: ApiRoutes[] = [accountRoutes, contactRoutes, journeyRoutes, engagementEventRoutes, programmeEventRoutes, taskRoutes, repTaskRoutes, reviewRoutes, metricsRoutes, metricsAttributionRoutes, metricsLiftRoutes, metricsExperimentsRoutes, metricsStepsRoutes, audienceRoutes, auditRoutes, webhookRoutes, alertRoutes];

const onlyV1: FastifyDynamicSwaggerOptions['transform'] = (route) =>
  route.url.startsWith('/v1/') ? jsonSchemaTransform(route) : { schema: { ...route.schema, hide: true }, url: route.url };

export async function registerApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Harpoon API',
        version: '1',
        description: 'Account-based marketing journeys. Every /v1 call needs "Authorization: Bearer <key>" (harpoon keys create).',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'an API key from "harpoon keys create"' } },
        schemas: { JourneyDefinition: journeyDefinitionComponent },
      },
      security: [{ apiKey: [] }],
    },
    transform: onlyV1,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(
    async (v1) => {
      // Every /v1 body is JSON: text/plain, which Fastify reads as a string by default, gets the 415
      // that says so, where the string would be refused as a body of the wrong shape.
      v1.removeContentTypeParser('text/plain');
      // Every /v1 route answers its errors in one shape; the document says so for each (415 for
      // those a body can be sent to, in a type other than JSON).
      v1.addHook('onRoute', (route) => {
        const takesBody = [route.method].flat().some((m) => m !== 'GET' && m !== 'HEAD');
        route.schema = { ...route.schema, response: { ...errorResponses, ...(takesBody ? { 415: errorBody } : {}), ...(route.schema?.response as object | undefined) } };
      });
      requireKeys(v1, deps.db);
      auditRequests(v1, deps.db, 'key', (req) => (req.principal ? keyActor(req.principal.name, req.principal.role) : undefined));
      if (deps.callsPerMinute) limitCallsPerKey(v1, deps.callsPerMinute);
      for (const routes of resources) await v1.register(routes(deps));
    },
    { prefix: '/v1' },
  );
}
