// The rep_task step is validated like every other step (each problem at its path, with what was
// expected), and its due time is business days on the owner's clock (domain/sales/rep-task.ts).
import { describe, expect, it } from 'vitest';
import { validateJourney, type TemplateCheck } from '../../domain/journey/validate';
import { repTaskContact, repTaskDueMs } from '../../domain/sales/rep-task';

const templates: TemplateCheck = (key) => ({ exists: key === 'intro', errors: [] });

const journeyWith = (step: Record<string, unknown>) => ({
  key: 'with-a-call',
  name: 'With a call',
  stages: [{ key: 'engage', steps: [{ id: 'call', type: 'rep_task', channel: 'call', title: 'Call the CFO', due: { after: '2d', at: '10:00' }, ...step }, { id: 'rest', type: 'wait', duration: '30d' }] }],
});

function problemsOf(step: Record<string, unknown>) {
  const result = validateJourney(journeyWith(step), templates);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('rep_task step definition', () => {
  it('accepts a call, a LinkedIn touch and direct mail, with or without a wait and a contact to ask about', () => {
    expect(problemsOf({ about: { roles: ['budget_holder'] }, instructions: 'Ask about the pilot', wait: { timeout: '5d' } })).toEqual([]);
    expect(problemsOf({ channel: 'linkedin', due: { after: '0d' } })).toEqual([]);
    expect(problemsOf({ channel: 'direct_mail', due: { after: '10d', at: '16:30' } })).toEqual([]);
  });

  it('names a bad channel, a bad due time and a bad timeout at their paths', () => {
    expect(problemsOf({ channel: 'fax' })).toEqual(['stages[0].steps[0].channel: "fax" is not a rep task channel, expected one of call, linkedin, direct_mail']);
    expect(problemsOf({ due: { after: '2h', at: '25:00' } })).toEqual([
      "stages[0].steps[0].due.after: \"2h\" is not a number of business days, expected a whole number of days such as 0d or 2d (Monday to Friday on the owner's clock)",
      'stages[0].steps[0].due.at: "25:00" is not a time of day, expected HH:MM on a 24-hour clock such as 08:00 or 17:30',
    ]);
    expect(problemsOf({ due: undefined })).toEqual([expect.stringMatching(/^stages\[0\]\.steps\[0\]\.due: /)]);
    expect(problemsOf({ wait: { timeout: 'a while' } })).toEqual([expect.stringMatching(/^stages\[0\]\.steps\[0\]\.wait\.timeout: "a while" is not a duration/)]);
    expect(problemsOf({ about: { roles: ['cfo'] } })).toEqual([expect.stringMatching(/^stages\[0\]\.steps\[0\]\.about\.roles\[0\]: /)]);
  });
});

describe('rep task due time', () => {
  // Friday 2026-12-04 15:00 in Tokyo (06:00 UTC).
  const fridayAfternoonTokyo = Date.UTC(2026, 11, 4, 6, 0);

  it('counts business days on the given clock and lands at the local time asked for', () => {
    // Two business days after a Friday: Tuesday, at 10:00 Tokyo time (01:00 UTC).
    expect(new Date(repTaskDueMs(fridayAfternoonTokyo, { after: '2d', at: '10:00' }, 'Asia/Tokyo')).toISOString()).toBe('2026-12-08T01:00:00.000Z');
    // The same moment on a New York owner's clock (Friday 01:00 there): Tuesday 10:00 EST, fourteen hours later.
    expect(new Date(repTaskDueMs(fridayAfternoonTokyo, { after: '2d', at: '10:00' }, 'America/New_York')).toISOString()).toBe('2026-12-08T15:00:00.000Z');
    // Without `at`, the same local time.
    expect(new Date(repTaskDueMs(fridayAfternoonTokyo, { after: '1d' }, 'Asia/Tokyo')).toISOString()).toBe('2026-12-07T06:00:00.000Z');
  });

  it('never makes a task due before it exists: 0d at a time already past is the next working day', () => {
    expect(new Date(repTaskDueMs(fridayAfternoonTokyo, { after: '0d', at: '10:00' }, 'Asia/Tokyo')).toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });
});

describe('rep task contact', () => {
  const contacts = [
    { id: 'a', role: 'budget_holder', consent: 'unsubscribed' },
    { id: 'b', role: 'budget_holder', consent: 'subscribed' },
    { id: 'c', role: 'champion', consent: 'do_not_contact' },
  ];
  it('asks about the first subscribed contact in the roles, else the first who said no, else nobody', () => {
    expect(repTaskContact(contacts, ['budget_holder'])?.id).toBe('b');
    expect(repTaskContact(contacts, ['champion'])?.id).toBe('c');
    expect(repTaskContact(contacts, ['end_user'])).toBeNull();
  });
});
