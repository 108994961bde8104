// The /v1 API: one file per resource under http/routes, each registered by one line below. Every
// body, query and parameter is a zod schema, from which /openapi.json and the /docs page are made.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/client';
import { requireKeys } from './auth';
import { accountRoutes } from './routes/accounts';
import { contactRoutes } from './routes/contacts';
import { eventRoutes } from './routes/events';
import { journeyRoutes } from './routes/journeys';
import { taskRoutes } from './routes/tasks';

export type ApiDeps = {
  db: Db;
  /** A connected Temporal client; throws (answered 503) when Temporal cannot be reached. */
  temporal: () => Promise<Client>;
  taskQueue: string;
  /** Wakes this process's journey dispatcher after events were queued, if it runs one. */
  kick?: () => void;
};

export type ApiRoutes = (deps: ApiDeps) => FastifyPluginAsyncZod;

const resources: ApiRoutes[] = [accountRoutes, contactRoutes, journeyRoutes, eventRoutes, taskRoutes];

export async function registerApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Harpoon API',
        version: '1',
        description: 'Account-based marketing journeys. Every /v1 call needs "Authorization: Bearer <key>" (harpoon keys create).',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'an API key from "harpoon keys create"' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(
    async (v1) => {
      requireKeys(v1, deps.db);
      for (const routes of resources) await v1.register(routes(deps));
    },
    { prefix: '/v1' },
  );
}
