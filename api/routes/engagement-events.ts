// POST /v1/engagement-events: engagement from outside systems, in batches (engagement/ingest-events.ts).
// `POST /v1/events` is its earlier path and stays an alias, marked deprecated in the API reference,
// now that programme events (webinars, roundtables) have routes of their own (/v1/programme-events).
import { ingestEvents } from '../../engagement/ingest-events';
import { marketingOnly } from '../../domain/access/roles';
import { eventBatch, ingestReport } from '../../domain/engagement/ingested-event';
import type { onSendHookHandler } from 'fastify';
import type { ApiRoutes } from '../deps';

/**
 * RFC 9745's Deprecation (the moment, 2026-12-05, when /v1/engagement-events took over) and RFC
 * 5829's successor link, so a client library or gateway can warn whoever still calls the old path.
 */
const aliasHeaders = {
  Deprecation: `@${Date.UTC(2026, 11, 5) / 1000}`,
  Link: '</v1/engagement-events>; rel="successor-version"',
};
const announceSuccessor: onSendHookHandler = (_req, reply, payload, done) => {
  reply.headers(aliasHeaders);
  done(null, payload);
};

export const engagementEventRoutes: ApiRoutes = (deps) => async (app) => {
  for (const [path, deprecated] of [['/engagement-events', false], ['/events', true]] as const) {
    app.post(
      path,
      {
        config: { roles: marketingOnly },
        // On every answer of the old path, a refusal too: that is where a client is most likely to look.
        ...(deprecated ? { onSend: announceSuccessor } : {}),
        schema: {
          tags: ['engagement'],
          summary: deprecated
            ? 'The earlier path of POST /v1/engagement-events, kept as an alias'
            : 'Ingest up to 1,000 engagement events; duplicates (by id) count once; each bad item is rejected alone',
          description: 'Each item is an EngagementEvent (see components.schemas); the reply says how many were accepted, duplicated and rejected, and why.',
          ...(deprecated ? { deprecated } : {}),
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
  }
};
