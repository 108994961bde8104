// Journeys and sales write their timeline text with IDs, since workflow histories carry IDs and never
// personal data: `contact <id>` for a person, `task handoff/<account>/<n>` for a sales task. Readers
// get words instead, resolved when the text is shown: splitMentions finds them, and each door says
// them its own way (plain text here; the console links a task to its page).

export type Mention = { kind: 'text'; text: string } | { kind: 'person'; contactId: string } | { kind: 'task'; taskId: string; seq: number };

/** Contact ids are cuids; task ids are `handoff/<account id>/<n>`, preceded by the word "task". */
const mentionPattern = /\bcontact ([a-z0-9]{20,})\b|\btask (handoff\/[^\s/]+\/(\d+))/g;

export function splitMentions(text: string): Mention[] {
  const parts: Mention[] = [];
  let last = 0;
  for (const m of text.matchAll(mentionPattern)) {
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push(m[1] !== undefined ? { kind: 'person', contactId: m[1] } : { kind: 'task', taskId: m[2]!, seq: Number(m[3]) });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** The account's people by contact id, as a reader who may see them names them (name, else address). */
export type People = ReadonlyMap<string, string>;

/** A person no longer among the account's contacts (deleted, or never one of this account's). */
export const unknownPerson = 'a contact no longer on file';

export const personIn = (people: People, contactId: string) => people.get(contactId) ?? unknownPerson;

/** Words for a task: its number within the account, which the page being read is about. */
export const taskWords = (seq: number) => `handoff task ${seq}`;

/**
 * The text for a reader of the account: people by name; a task keeps its ID, which is what `harpoon
 * sales ...` and the API take (the console, which can link it, says it in words instead).
 */
export function sayMentions(text: string, people: People): string {
  return splitMentions(text)
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'person' ? personIn(people, p.contactId) : `task ${p.taskId}`))
    .join('');
}
