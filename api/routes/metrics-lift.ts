// /v1/metrics/lift: a journey's incrementality (treated against held-out accounts) as
// `harpoon report lift --json` prints it, with the same filter and refusals (no journey given or a
// bad filter 400, an unknown journey or rep 404).
import { marketingOnly } from '../../domain/access/roles';
import { liftFilterSchema, type LiftFilter } from '../../domain/measurement/lift-filter';
import { computeLift } from '../../metrics/lift';
import type { ApiRoutes } from '../deps';
import { liftReport } from '../responses/metrics-lift';

export const metricsLiftRoutes: ApiRoutes = (deps) => async (app) => {
  app.get(
    '/metrics/lift',
    {
      config: { roles: marketingOnly },
      schema: {
        tags: ['metrics'],
        summary: "A journey's lift: engagement, MQA, opportunity, win rates and pipeline per account of its treated and held-out accounts, with 95 % intervals",
        querystring: liftFilterSchema,
        response: { 200: liftReport },
      },
    },
    (req) => computeLift(deps.db, req.query as LiftFilter),
  );
};
