// /v1/metrics/steps: per-step analytics of one journey version, as `harpoon report steps --json`
// prints them (404 for an unknown journey or version, 400 for a bad query).
import { marketingOnly } from '../../domain/access/roles';
import { stepAnalyticsQuerySchema } from '../../domain/measurement/step-analytics-query';
import { computeStepReport } from '../../metrics/step-analytics';
import type { ApiRoutes } from '../deps';
import { stepReport } from '../responses/metrics-steps';

export const metricsStepsRoutes: ApiRoutes = (deps) => async (app) => {
  app.get(
    '/metrics/steps',
    {
      config: { roles: marketingOnly },
      schema: {
        tags: ['metrics'],
        summary: "Per-step analytics of a journey version (default: the latest): entered, sent, skipped by reason, people's opens, clicks and replies, moved on, goal exits",
        querystring: stepAnalyticsQuerySchema,
        response: { 200: stepReport },
      },
    },
    (req) => computeStepReport(deps.db, req.query),
  );
};
