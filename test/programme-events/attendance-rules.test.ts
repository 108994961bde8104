// The two small rules behind attendance figures, in milliseconds: what one export row does to a
// registration, and which attendance answers stand once an export has been corrected.
import { describe, expect, it } from 'vitest';
import { attendanceChange } from '../../domain/programme-events/attendance-change';
import { registrationStatuses } from '../../domain/programme-events/vocabulary';
import { standingAttendance } from '../../domain/metrics/standing-attendance';

describe('attendanceChange', () => {
  it('marks anyone present attended, and only a seat holder absent a no-show', () => {
    const present = Object.fromEntries([null, ...registrationStatuses].map((s) => [String(s), attendanceChange(s, true)]));
    expect(present).toEqual({ null: 'attended', invited: 'attended', registered: 'attended', waitlisted: 'attended', declined: 'attended', attended: 'unchanged', no_show: 'attended' });
    const absent = Object.fromEntries([null, ...registrationStatuses].map((s) => [String(s), attendanceChange(s, false)]));
    expect(absent).toEqual({
      null: 'not_registered',
      invited: 'not_registered',
      registered: 'no_show',
      waitlisted: 'not_registered', // never had a seat
      declined: 'not_registered',
      attended: 'kept_attended', // an earlier export said present; whether they had a seat is no longer known
      no_show: 'unchanged',
    });
  });
});

describe('standingAttendance', () => {
  const at = (iso: string) => new Date(iso);
  it('keeps the latest answer per contact and event, and leaves other events and contacts alone', () => {
    const touches = [
      { id: 'a1', contactId: 'c1', type: 'event_no_show', at: at('2027-03-05T09:00:00Z'), detail: { eventKey: 'e1' } },
      { id: 'a2', contactId: 'c1', type: 'event_attended', at: at('2027-03-06T09:00:00Z'), detail: { eventKey: 'e1' } },
      { id: 'a3', contactId: 'c1', type: 'event_no_show', at: at('2027-03-05T09:00:00Z'), detail: { eventKey: 'e2' } },
      { id: 'a4', contactId: 'c2', type: 'event_no_show', at: at('2027-03-05T09:00:00Z'), detail: { eventKey: 'e1' } },
      { id: 'b1', contactId: 'c1', type: 'clicked', at: at('2027-03-07T09:00:00Z'), detail: { eventKey: 'e1' } },
      // Same moment: the later id (the later write) stands.
      { id: 'a5', contactId: 'c3', type: 'event_no_show', at: at('2027-03-05T09:00:00Z'), detail: { eventKey: 'e1' } },
      { id: 'a6', contactId: 'c3', type: 'event_attended', at: at('2027-03-05T09:00:00Z'), detail: { eventKey: 'e1' } },
      // Nothing to group by: stands on its own.
      { id: 'a7', contactId: null, type: 'event_attended', at: at('2027-03-05T09:00:00Z'), detail: null },
    ];
    expect([...standingAttendance(touches)].sort()).toEqual(['a2', 'a3', 'a4', 'a6', 'a7']);
  });
});
