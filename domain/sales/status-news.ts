// Which word about a sales task is news to a journey waiting on it. A task's status only moves
// forward (queued → created → accepted → opportunity → a closed one), and a journey may hear the
// same change twice: once in the answer that let it join the task, once from the task's workflow
// (a signal can even overtake that answer). Workflow-safe (no zod).
import { type TaskStatus } from './vocabulary';

const order: Record<TaskStatus, number> = { queued: 0, created: 1, accepted: 2, opportunity: 3, rejected: 4, won: 4, lost: 4 };

/** True when `incoming` tells more than `known`; a new opportunity (amount, date) is news again. */
export function isStatusNews(known: TaskStatus | undefined, incoming: TaskStatus): boolean {
  if (known === undefined) return true;
  return order[incoming] > order[known] || (incoming === 'opportunity' && known === 'opportunity');
}

/** What a journey that joins a task already at `status` has missed: the acceptance, once accepted. */
export const acceptedBy = (status: TaskStatus): boolean => status === 'accepted' || status === 'opportunity';
