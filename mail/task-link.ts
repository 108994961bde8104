// The link in a handoff email that opens the task in the web console, signed in as the task's rep:
// it names the rep and the task by ID and expires. Anyone holding the email can use it until then,
// which is what the email is for; it grants that rep's sales role and nothing more.
import { z } from 'zod';
import { signPayload, verifyPayload } from './signed-payload';

const purpose = 'task-link';
/** Long enough to answer a handoff after a holiday; a session then lasts its own while. */
export const taskLinkLifetimeMs = 14 * 86_400_000;

const payload = z.object({ rep: z.string().min(1), task: z.string().min(1) });
export type TaskLink = z.infer<typeof payload>;

export const taskLinkPath = '/console/link/';

/** A sales task's page in the web console, which links, emails and chat alerts point to. */
export const taskPath = (taskId: string) => `/console/tasks/${encodeURIComponent(taskId)}`;

/** Where a rep task alert points: the inbox lists a rep's open rep tasks, each with its done and skip forms. */
export const repTasksPath = '/console/inbox#rep-tasks';

export function taskLinkUrl(publicUrl: string, secret: string, link: TaskLink, nowMs: number): string {
  return `${publicUrl}${taskLinkPath}${signPayload({ rep: link.rep, task: link.task }, secret, purpose, nowMs + taskLinkLifetimeMs)}`;
}

export const verifyTaskLink = (token: string, secret: string, nowMs = Date.now()) => verifyPayload(token, payload, secret, purpose, nowMs);
