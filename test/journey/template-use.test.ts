// A template is checked as the step that uses it sends it: an email step (and its A/B variants)
// gives no event and no answer links, so an invitation template there would fail every send; an
// invite step's invitation must carry the register and decline links, or invitees cannot answer.
// Against the shipped templates, through the validator the CLI, the API and publish use.
import { describe, expect, it } from 'vitest';
import { validateJourneyDefinition } from '../../journeys/catalog';

const audience = { roles: ['champion'] };
const journey = (...steps: unknown[]) => ({ key: 'template-use', name: 'Template use', stages: [{ key: 's1', steps }] });
const problemsOf = (def: unknown) => {
  const result = validateJourneyDefinition(def);
  return result.ok ? [] : result.problems;
};
const invite = (template: string, extra: object = {}) => ({ id: 'inv', type: 'invite', event: 'exec-roundtable-2027', audience, template, ...extra });

describe('templates in the context of their step', () => {
  it('refuses an invitation template in an email step, and in an A/B variant of one', () => {
    const email = {
      id: 'mail',
      type: 'email',
      template: 'event-invitation',
      audience,
      variants: [{ key: 'a', subject: 'Join us' }, { key: 'b', template: 'event-reminder' }],
      winner: { metric: 'clicks' },
    };
    expect(problemsOf(journey(email))).toEqual([
      {
        path: 'stages[0].steps[0].template',
        message: 'template "event-invitation" needs an event: use it in an invite step, or pick an email template (it uses event.title, event.starts, event.timezone ...)',
      },
      { path: 'stages[0].steps[0].variants[1].template', message: expect.stringMatching(/^template "event-reminder" needs an event: use it in an invite step, or pick an email template/) },
    ]);
  });

  it('refuses an email template as an invitation, which would carry no register or decline link', () => {
    expect(problemsOf(journey(invite('intro')))).toEqual([
      {
        path: 'stages[0].steps[0].template',
        message: 'template "intro" is no invitation: it never renders {{ links.register }} and {{ links.decline }} in both its parts, so invitees could not answer; pick an invitation template such as event-invitation, or add the links',
      },
    ]);
  });

  it('accepts the invitation and reminder templates in an invite step, and email templates in email steps', () => {
    const steps = [
      { id: 'mail', type: 'email', template: 'intro', audience },
      invite('event-invitation', { reminders: ['-1d'], reminderTemplate: 'event-reminder' }),
    ];
    expect(problemsOf(journey(...steps))).toEqual([]);
  });
});
