// /v1/tasks: the sales side of a handoff. A sales key sees and acts on its own rep's tasks only;
// every action goes to the task's workflow as the validated `salesAction` Update, as in the CLI.
// A task is named by its ID (handoff/<account-id>/<n>, URL-encoded) or an account's domain.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actOnTask, findTask, salesInbox, SalesTaskError } from '../../client/sales-tasks';
import { salesOnly } from '../../domain/access/roles';
import { salesActionInputs as actions } from '../../domain/sales/action-input';
import type { SalesAction } from '../../domain/sales/vocabulary';
import type { ApiRoutes } from '../deps';
import { repOf } from '../auth';
import { answering, ApiError, notFound } from '../../http/errors';

const taskParams = z.object({ task: z.string().min(1).describe('a task ID (handoff/<account-id>/<n>, URL-encoded) or an account domain') });

export const taskRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;
  const tags = ['sales tasks'];

  /** The task, if this key may see it: a sales key only its own rep's. */
  const taskFor = async (req: FastifyRequest, ref: string) => {
    const task = await answering(SalesTaskError, (err) => notFound(err.message), () => findTask(db, ref));
    const rep = repOf(req);
    if (rep && task.owner !== rep.email) throw new ApiError(403, `${task.id} belongs to another rep: a sales key sees its own rep's tasks only`);
    return task;
  };

  app.get(
    '/tasks',
    {
      config: { roles: salesOnly },
      schema: { tags, summary: 'Open handoff tasks: what the rep can act on first (answers soonest due first), then the queued ones with their place in line and earliest arrival (a sales key: its own)', querystring: z.object({ owner: z.email().optional().describe("a rep's e-mail (admin keys)") }) },
    },
    async (req) => {
      const rep = repOf(req);
      if (rep && req.query.owner && req.query.owner.toLowerCase() !== rep.email) throw new ApiError(403, "a sales key reads its own rep's inbox only");
      return answering(SalesTaskError, (err) => notFound(err.message), () => salesInbox(db, rep?.email ?? req.query.owner));
    },
  );

  app.get(
    '/tasks/:task',
    { config: { roles: salesOnly }, schema: { tags, summary: 'One task with its evidence', params: taskParams } },
    (req) => taskFor(req, req.params.task),
  );

  for (const [kind, body] of Object.entries(actions) as [SalesAction['kind'], z.ZodObject][]) {
    app.post(
      `/tasks/:task/${kind}`,
      { config: { roles: salesOnly }, schema: { tags, summary: `${kind} a handoff task`, params: taskParams, body } },
      async (req) => {
        const task = await taskFor(req, req.params.task);
        const action = { kind, ...(req.body as object) } as SalesAction;
        // A SalesTaskError here is the workflow's validator refusing the transition (or a task that no longer takes actions).
        return answering(SalesTaskError, (err) => new ApiError(409, err.message), async () =>
          actOnTask(db, await deps.temporal(), task.id, action, repOf(req)?.email),
        );
      },
    );
  }
};
