// What one row of an attendance export does to an invitee's registration. Present: attended,
// whatever they answered (people come unregistered), and so a later export's "present" corrects an
// earlier "absent". Absent: a no-show only for someone who holds a seat; invited, declined and
// still-waitlisted invitees never had one, so their absence is no news. Someone an earlier export
// reported present stays attended: the registration no longer says whether they had a seat.
import type { RegistrationStatus } from './vocabulary';

/** `kept_attended`: absent after an earlier export said present; the registration stays attended. */
export type AttendanceChange = 'attended' | 'no_show' | 'unchanged' | 'kept_attended' | 'not_registered';

export function attendanceChange(current: RegistrationStatus | null, attended: boolean): AttendanceChange {
  const status = attended ? 'attended' : 'no_show';
  if (current === status) return 'unchanged';
  if (attended) return 'attended';
  if (current === 'attended') return 'kept_attended';
  return current === 'registered' ? 'no_show' : 'not_registered';
}
