// GET /v1/metrics/experiments: the A/B tests of email steps as `harpoon report experiments --json`
// prints them (an unknown journey is 404, a malformed key 400).
import { marketingOnly } from '../../domain/access/roles';
import { experimentsFilterSchema, experimentsReport } from '../../metrics/experiments';
import type { ApiRoutes } from '../deps';
import { experimentsReportSchema } from '../responses/metrics-experiments';

export const metricsExperimentsRoutes: ApiRoutes = (deps) => async (app) => {
  app.get(
    '/metrics/experiments',
    {
      config: { roles: marketingOnly },
      schema: { tags: ['metrics'], summary: 'A/B tests of email steps: per variant sent, converted and rate, and the winner or what the rule still needs', querystring: experimentsFilterSchema, response: { 200: experimentsReportSchema } },
    },
    (req) => experimentsReport(deps.db, req.query),
  );
};
