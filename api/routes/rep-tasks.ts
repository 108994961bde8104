// /v1/rep-tasks: the rep tasks journeys create (calls, LinkedIn touches, direct mail). A sales key
// sees and closes its own rep's tasks only (use-cases/rep-tasks.ts decides, as for the CLI and the
// console); closing one tells the journey that waits for it.
import { z } from 'zod';
import { closeRepTask, openRepTasks } from '../../use-cases/rep-tasks';
import { salesOnly } from '../../domain/access/roles';
import type { ApiRoutes } from '../deps';
import { repTaskSummary } from '../responses/rep-tasks';
import { actingUserOf } from '../auth';
import { emailAddress } from '../../domain/accounts/email-address';
import { repTaskCloseInputs } from '../../domain/sales/rep-task-input';

const params = z.object({ id: z.string().min(1).describe('a rep task ID from GET /v1/rep-tasks') });

export const repTaskRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;
  const tags = ['rep tasks'];

  app.get(
    '/rep-tasks',
    {
      config: { roles: salesOnly },
      schema: { tags, summary: 'Open rep tasks, soonest due first (a sales key: its own)', querystring: z.object({ owner: emailAddress("expected a sales rep's e-mail address").optional().describe("a rep's e-mail (admin keys)") }), response: { 200: z.array(repTaskSummary) } },
    },
    (req) => openRepTasks(db, actingUserOf(req), req.query.owner),
  );

  app.post(
    '/rep-tasks/:id/done',
    { config: { roles: salesOnly }, schema: { tags, summary: 'Mark a rep task done; a journey waiting for it moves on', params, body: repTaskCloseInputs.done, response: { 200: repTaskSummary } } },
    (req) => closeRepTask(db, actingUserOf(req), req.params.id, { outcome: 'done', note: req.body.note }),
  );

  app.post(
    '/rep-tasks/:id/skip',
    { config: { roles: salesOnly }, schema: { tags, summary: 'Skip a rep task with the reason; a journey waiting for it moves on', params, body: repTaskCloseInputs.skip, response: { 200: repTaskSummary } } },
    (req) => closeRepTask(db, actingUserOf(req), req.params.id, { outcome: 'skipped', note: req.body.reason }),
  );
};
