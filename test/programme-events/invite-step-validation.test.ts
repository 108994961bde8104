// The invite step as journey files write it: what validates, and every problem at its path.
import { describe, expect, it } from 'vitest';
import { advance, type JourneyFacts } from '../../domain/journey/engine';
import { validateJourney, type TemplateCheck } from '../../domain/journey/validate';
import { inviteOutcomeOf } from '../../domain/programme-events/invite-outcome';
import { parseBeforeStart } from '../../domain/time/duration';

const templates: TemplateCheck = (key) => ({ exists: ['event-invitation', 'event-reminder', 'intro'].includes(key), errors: [] });

const journey = (invite: Record<string, unknown>) => ({
  key: 'inviting',
  name: 'Inviting',
  stages: [
    { key: 'engage', steps: [{ id: 'invite', type: 'invite', ...invite }, { id: 'done', type: 'exit', reason: 'done' }] },
    { key: 'convert', steps: [{ id: 'won', type: 'exit', reason: 'came' }] },
  ],
});

const good = {
  event: 'exec-roundtable-2027',
  audience: { roles: ['decision_maker'] },
  template: 'event-invitation',
  reminders: ['-7d', '-1d'],
  reminderTemplate: 'event-reminder',
  rsvpBy: '-2d',
  on: { attended: { stage: 'convert' }, registered: { stage: 'convert' } },
};

const problems = (invite: Record<string, unknown>) => {
  const result = validateJourney(journey(invite), templates);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};

describe('invite step validation', () => {
  it('accepts an invite with reminders, a deadline and targets per outcome, with defaults filled in', () => {
    const result = validateJourney(journey(good), templates);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.stages[0]!.steps[0]).toMatchObject({ ...good, attendanceWait: '3d' });
  });

  it('reports bad offsets, a missing reminder template, unknown templates, targets and outcomes at their paths', () => {
    expect(
      problems({
        ...good,
        template: 'no-such-invitation',
        reminders: ['7d', '-1x'],
        reminderTemplate: undefined,
        rsvpBy: 'tomorrow',
        on: { attended: { stage: 'nowhere' }, maybe: { stage: 'convert' } },
      }),
    ).toEqual(
      expect.arrayContaining([
        'stages[0].steps[0].template: unknown template "no-such-invitation": no such template exists',
        `stages[0].steps[0].reminders[0]: "7d" is not a time before the event's start, expected a minus sign and a duration such as -7d or -2h`,
        `stages[0].steps[0].reminders[1]: "-1x" is not a time before the event's start, expected a minus sign and a duration such as -7d or -2h`,
        `stages[0].steps[0].rsvpBy: "tomorrow" is not a time before the event's start, expected a minus sign and a duration such as -7d or -2h`,
        'stages[0].steps[0].on.maybe: unknown field "maybe": check its spelling and indentation',
        'stages[0].steps[0].on.attended.stage: no stage "nowhere" in this journey (known stages: engage, convert)',
      ]),
    );
    expect(problems({ ...good, reminderTemplate: undefined })).toEqual(['stages[0].steps[0].reminderTemplate: reminders need a reminderTemplate (such as event-reminder)']);
    expect(problems({ ...good, event: '', audience: {} })).toEqual(
      expect.arrayContaining([
        'stages[0].steps[0].event: expected an event key such as exec-roundtable-2027 (harpoon programme-events list)',
        'stages[0].steps[0].audience: expected roles and/or seniority: say who in the buying group receives this email',
      ]),
    );
  });

  it('counts a stage reached only through an invite outcome as reachable', () => {
    expect(problems(good)).toEqual([]);
    expect(problems({ ...good, on: {} })).toEqual(['stages[1]: stage "convert" is never reached: no goto, branch or trigger leads to it, and the journey never runs past the end of the stage before it']);
  });

  it('follows the target of the outcome, and the next step for an outcome without one', () => {
    const result = validateJourney(journey(good), templates);
    if (!result.ok) throw new Error('expected a valid journey');
    const def = result.definition;
    const facts = { nowMs: 0, tier: 1, stageEnteredAtMs: 0, engagement: { score: 0, byRole: {}, byContact: {}, engagedRoles: [], engagedContacts: [] }, eventsSeen: [] } as unknown as JourneyFacts;
    const at = { stage: 'engage', stepIndex: 0 };
    expect(advance(def, at, { ...facts, inviteOutcome: 'attended' })).toEqual({ kind: 'step', position: { stage: 'convert', stepIndex: 0 } });
    expect(advance(def, at, { ...facts, inviteOutcome: 'declined' })).toEqual({ kind: 'step', position: { stage: 'engage', stepIndex: 1 } });
    expect(advance(def, at, facts)).toEqual({ kind: 'step', position: { stage: 'engage', stepIndex: 1 } });
  });

  it("makes the account's outcome from its invitees' answers, the strongest signal first", () => {
    expect(inviteOutcomeOf([])).toBe('no_response');
    expect(inviteOutcomeOf(['invited', 'declined'])).toBe('declined');
    expect(inviteOutcomeOf(['declined', 'waitlisted'])).toBe('registered');
    expect(inviteOutcomeOf(['registered', 'no_show'])).toBe('no_show');
    expect(inviteOutcomeOf(['no_show', 'attended', 'declined'])).toBe('attended');
  });

  it('reads offsets before the start', () => {
    expect(parseBeforeStart('-7d')).toBe(7 * 86_400_000);
    expect(parseBeforeStart(' -2h ')).toBe(2 * 3_600_000);
    expect(parseBeforeStart('7d')).toBeNull();
    expect(parseBeforeStart('-0d')).toBeNull();
  });
});
