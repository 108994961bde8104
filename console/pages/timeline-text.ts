// A timeline entry's words as the console says them: the text every door shares
// (timeline/account-timeline.ts, people already named), with each sales task in words and linked to
// its page when this viewer may open it (a role the task pages admit, reaching the task's owner: admin,
// or the rep who owns it); others get the words.
import { reaches } from '../../domain/access/acting-user';
import { salesOnly } from '../../domain/access/roles';
import { splitMentions, taskWords } from '../../domain/timeline/mentions';
import { html, type Html } from '../html';
import type { Viewer } from '../session';
import { taskPath } from '../../mail/task-link';

/** Task id → its owner's rep id, for the tasks of the account being shown. */
export type TaskOwners = ReadonlyMap<string, string | null>;

const mayOpen = (v: Viewer, taskId: string, owners: TaskOwners) => salesOnly.includes(v.role) && reaches(v, owners.get(taskId));

export function timelineText(summary: string, v: Viewer, owners: TaskOwners): Html {
  return html`${splitMentions(summary).map((p) => {
    if (p.kind === 'text') return p.text;
    if (p.kind === 'person') return 'a contact';
    return mayOpen(v, p.taskId, owners) ? html`<a href="${taskPath(p.taskId)}">${taskWords(p.seq)}</a>` : taskWords(p.seq);
  })}`;
}
