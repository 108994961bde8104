// /v1/tasks: the sales side of a handoff. A sales key sees and acts on its own rep's tasks only (the
// use-cases in use-cases/sales-tasks.ts decide); every action goes to the task's workflow as the
// validated `salesAction` Update, as in the CLI. A task is named by its ID
// (handoff/<account-id>/<n>, URL-encoded) or an account's domain.
import { z } from 'zod';
import { actOnTask, findTask, salesInbox } from '../../use-cases/sales-tasks';
import { salesOnly } from '../../domain/access/roles';
import { salesActionInputs as actions } from '../../use-cases/sales-action-input';
import type { SalesAction } from '../../domain/sales/vocabulary';
import type { ApiRoutes } from '../deps';
import { taskActionResult, taskDetail, taskSummary } from '../responses/handoffs';
import { actingUserOf } from '../auth';
import { emailAddress } from '../../domain/accounts/email-address';

const taskParams = z.object({ task: z.string().min(1).describe('a task ID (handoff/<account-id>/<n>, URL-encoded) or an account domain') });

export const taskRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;
  const tags = ['sales tasks'];

  app.get(
    '/tasks',
    {
      config: { roles: salesOnly },
      schema: { tags, summary: 'Open handoff tasks: what the rep can act on first (answers soonest due first), then the queued ones with their place in line and earliest arrival (a sales key: its own)', querystring: z.object({ owner: emailAddress("expected a sales rep's e-mail address").optional().describe("a rep's e-mail (admin keys)") }), response: { 200: z.array(taskSummary) } },
    },
    (req) => salesInbox(db, actingUserOf(req), req.query.owner),
  );

  app.get(
    '/tasks/:task',
    { config: { roles: salesOnly }, schema: { tags, summary: 'One task with its evidence', params: taskParams, response: { 200: taskDetail } } },
    (req) => findTask(db, actingUserOf(req), req.params.task),
  );

  for (const [kind, body] of Object.entries(actions) as [SalesAction['kind'], z.ZodObject][]) {
    app.post(
      `/tasks/:task/${kind}`,
      {
        config: { roles: salesOnly },
        schema: { tags, summary: `${kind} a handoff task`, params: taskParams, body, response: { 200: taskActionResult } },
        // `curl -X POST .../accept` sends no body: an action without fields, not a malformed request.
        preValidation: async (req) => {
          req.body ??= {};
        },
      },
      (req) => actOnTask(db, deps.temporal, actingUserOf(req), req.params.task, { kind, ...(req.body as object) } as SalesAction),
    );
  }
};
