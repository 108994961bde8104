// POST /v1/events: engagement from outside systems, in batches (client/ingest-events.ts).
import { ingestEvents } from '../../client/ingest-events';
import { marketingOnly } from '../../domain/access/roles';
import { eventBatch, ingestReport } from '../../domain/engagement/ingested-event';
import type { ApiRoutes } from '../deps';

export const eventRoutes: ApiRoutes = (deps) => async (app) => {
  app.post(
    '/events',
    {
      config: { roles: marketingOnly },
      schema: {
        tags: ['events'],
        summary: 'Ingest up to 1,000 engagement events; duplicates (by id) count once; each bad item is rejected alone',
        description: 'Each item is an EngagementEvent (see components.schemas); the reply says how many were accepted, duplicated and rejected, and why.',
        body: eventBatch,
        response: { 202: ingestReport },
      },
    },
    async (req, reply) => {
      const report = await ingestEvents(deps.db, req.body.events);
      // The outbox holds them whatever happens next; the dispatcher delivers them.
      if (report.queued > 0) deps.kick?.();
      return reply.code(202).send(report);
    },
  );
};
