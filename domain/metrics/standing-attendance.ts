// Which attendance answers stand: an attendance export can be corrected (absent → present), and the
// corrected one supersedes the first. Both stay on the timeline, as what was reported and when; the
// figures (attended, no-shows, the attendance rate) count only the latest answer per contact and
// event, which is what the registration says and so what `events show` and the console count.
import { eventKeyOf, eventTouchTypes } from './touch-kinds';

export type AttendanceTouch = { id: string; contactId: string | null; type: string; at: Date; detail: unknown };

const isAttendance = (type: string) => type === eventTouchTypes.attended || type === eventTouchTypes.noShow;

/** The ids of the attendance touches that stand: for each contact and event, the latest (ties: the later id). */
export function standingAttendance(touches: readonly AttendanceTouch[]): Set<string> {
  const latest = new Map<string, AttendanceTouch>();
  for (const t of touches) {
    if (!isAttendance(t.type)) continue;
    const eventKey = eventKeyOf(t.detail);
    // Without a contact or an event key nothing can supersede it: it stands on its own.
    const key = t.contactId !== null && eventKey !== undefined ? `${t.contactId}|${eventKey}` : `touch|${t.id}`;
    const seen = latest.get(key);
    if (!seen || t.at.getTime() > seen.at.getTime() || (t.at.getTime() === seen.at.getTime() && t.id > seen.id)) latest.set(key, t);
  }
  return new Set([...latest.values()].map((t) => t.id));
}
