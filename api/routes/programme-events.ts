// /v1/programme-events: the webinars, roundtables and other events journeys invite to, as `harpoon
// events ...` has them: list, show (seats, waitlist in order, every invitee's answer), create or
// update from the event file's schema, and import attendance. Not /v1/events: that is engagement
// ingestion (api/routes/engagement-events.ts).
import { z } from 'zod';
import { importAttendanceTable } from '../../programme-events/attendance';
import { marketingOnly } from '../../domain/access/roles';
import { eventDefinitionSchema, eventKeySchema } from '../../domain/programme-events/event-definition';
import { saveEvent } from '../../programme-events/event-file';
import { listEvents, showEvent } from '../../programme-events/event-list';
import type { ApiRoutes } from '../deps';
import { errorBody } from '../../http/errors';
import { importRowsOf, rowsTable } from './accounts';
import { attendanceRowSchema } from '../../programme-events/attendance';
import { attendanceReport, eventDetail, eventSummary, savedEvent } from '../responses/programme-events';

const params = z.object({ key: eventKeySchema.describe('the event key, as in its file') });

export const programmeEventRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;
  const tags = ['programme events'];
  const config = { roles: marketingOnly };

  app.get('/programme-events', { config, schema: { tags, summary: 'Events, soonest first, with seats taken and the count of each answer', response: { 200: z.array(eventSummary) } } }, () => listEvents(db));

  app.get(
    '/programme-events/:key',
    { config, schema: { tags, summary: 'One event: seats, capacity, the waitlist in the order seats go to it, and every invitee\'s answer', params, response: { 200: eventDetail } } },
    (req) => showEvent(db, req.params.key),
  );

  app.put(
    '/programme-events/:key',
    {
      config,
      schema: {
        tags,
        summary: 'Create (201) or update (200) an event from the fields of an event file; capacity never below the seats taken',
        params,
        body: eventDefinitionSchema,
        response: { 200: savedEvent, 201: savedEvent, 400: errorBody },
      },
    },
    async (req, reply) => {
      if (req.body.key !== req.params.key) {
        const message = `is "${req.body.key}" but the path names "${req.params.key}", expected the same key in both`;
        return reply.code(400).send({ error: `invalid request: body.key: ${message}`, issues: [{ path: 'body.key', message }] });
      }
      const saved = await saveEvent(db, req.body);
      return reply.code(saved.created ? 201 : 200).send(saved);
    },
  );

  app.post(
    '/programme-events/:key/attendance',
    {
      config,
      schema: {
        tags,
        summary: "A webinar platform's attendance export as rows (email, attended: yes/no); all or nothing, every bad row listed",
        params,
        body: importRowsOf(attendanceRowSchema),
        response: { 200: attendanceReport },
      },
    },
    (req) => importAttendanceTable(db, req.params.key, rowsTable(req.body)),
  );
};
