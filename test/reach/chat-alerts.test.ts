// What a rep alert says, as Slack and Teams receive it: the facts a rep needs, and data that cannot
// turn into markup (a company called "<!channel>" pings nobody).
import { expect, it } from 'vitest';
import { alertLines, slackMessage, teamsMessage } from '../../reach/chat-alerts';
import type { EventFacts } from '../../reach/event-facts';

const facts = (type: string, account = { id: 'a1', domain: 'acme.example', name: 'Acme & Sons', tier: 2 }): EventFacts => ({
  event: { id: 't1.x', type: type as EventFacts['event']['type'], at: '2026-12-07T09:00:00.000Z', accountId: 'a1', contactId: null, taskId: 'handoff/a1/1', eventKey: null },
  account,
  contact: null,
  task: { id: 'handoff/a1/1', status: 'created', amount: null, currency: null, reason: null, why: 'an inquiry was seen', dueAt: new Date('2026-12-09T17:00:00Z'), owner: null, timeZone: null },
  repTask: null,
  taskUrl: 'https://go.example.com/console/tasks/handoff%2Fa1%2F1',
});

it('says which alert it is, the account, owner, tier, why and due time, with the task link', () => {
  expect(alertLines(facts('handoff.escalated'))).toEqual({
    title: 'Handoff escalated: Acme & Sons (acme.example)',
    facts: [['Owner', 'nobody (the sales queue)'], ['Tier', '2'], ['Why', 'an inquiry was seen'], ['Due', '9 Dec 2026, 17:00 (UTC)']],
    link: { label: 'Open the task in the console', url: 'https://go.example.com/console/tasks/handoff%2Fa1%2F1' },
  });
  expect(alertLines(facts('handoff.reminder')).title).toBe('Handoff waiting past its service level: Acme & Sons (acme.example)');
});

it('escapes Slack markup in data, and gives Teams the same facts as an Adaptive Card', () => {
  const lines = alertLines(facts('handoff.created', { id: 'a1', domain: 'evil.example', name: '<!channel> Evil', tier: 1 }));
  const slack = slackMessage(lines);
  expect(slack.text).toBe('New handoff: &lt;!channel&gt; Evil (evil.example) https://go.example.com/console/tasks/handoff%2Fa1%2F1');
  expect(JSON.stringify(slack.blocks)).not.toContain('<!channel>');
  const card = teamsMessage(lines).attachments[0]!.content;
  expect(card.body[1]).toEqual({ type: 'FactSet', facts: lines.facts.map(([title, value]) => ({ title, value })) });
});

it('says what a new rep task asks, of whom and when, and points to the inbox; a task about the account in the queue says so', () => {
  const base = facts('rep_task.created');
  const lines = alertLines({
    ...base,
    task: null,
    repTask: { id: 'rt1', channel: 'direct_mail', title: 'Send the book', instructions: null, status: 'open', dueAt: new Date('2026-12-09T09:00:00Z'), timeZone: 'Europe/Berlin', owner: null, about: null, closedWhy: null },
    taskUrl: 'https://go.example.com/console/inbox#rep-tasks',
  });
  expect(lines).toEqual({
    title: 'New rep task: Acme & Sons (acme.example)',
    facts: [['Owner', 'nobody (the sales queue)'], ['Tier', '2'], ['Task', 'Direct mail: Send the book'], ['About', 'the account'], ['Due', '9 Dec 2026, 10:00 (Europe/Berlin)']],
    link: { label: 'Open your rep tasks in the console', url: 'https://go.example.com/console/inbox#rep-tasks' },
  });
});

it('says when the task has moved on before its alert went out, so nobody acts on what is settled', () => {
  const handoff = facts('handoff.reminder');
  expect(alertLines({ ...handoff, task: { ...handoff.task!, status: 'accepted' } }).title).toBe('Handoff waiting past its service level (now accepted): Acme & Sons (acme.example)');
  expect(alertLines({ ...handoff, task: { ...handoff.task!, status: 'queued' } }).title).toBe('Handoff waiting past its service level: Acme & Sons (acme.example)');
  const repTask = { id: 'rt3', channel: 'call' as const, title: 'Call the CFO', instructions: null, status: 'cancelled', dueAt: new Date('2026-12-09T09:00:00Z'), timeZone: 'UTC', owner: null, about: null, closedWhy: 'the journey was stopped' };
  const created = alertLines({ ...facts('rep_task.created'), task: null, repTask });
  expect(created.title).toBe('New rep task (now cancelled): Acme & Sons (acme.example)');
  expect(created.facts.at(-1)).toEqual(['Why cancelled', 'the journey was stopped']);
  expect(alertLines({ ...facts('rep_task.created'), task: null, repTask: { ...repTask, status: 'done', closedWhy: null } }).title).toBe('New rep task (now done): Acme & Sons (acme.example)');
  // The cancellation's own alert says it in its headline already.
  expect(alertLines({ ...facts('rep_task.cancelled'), task: null, repTask }).title).toBe('Rep task cancelled: Acme & Sons (acme.example)');
});

it('tells the rep a task was cancelled, and why, so nobody acts on the alert that announced it', () => {
  const lines = alertLines({
    ...facts('rep_task.cancelled'),
    task: null,
    repTask: { id: 'rt2', channel: 'call', title: 'Call the CFO', instructions: null, status: 'cancelled', dueAt: new Date('2026-12-09T09:00:00Z'), timeZone: 'UTC', owner: { id: 'r1', name: 'Ida', email: 'ida@seller.example' }, about: { id: 'c1', name: 'Cleo Fox', role: 'budget_holder' }, closedWhy: 'the contact unsubscribed: nobody may contact them now' },
    taskUrl: 'https://go.example.com/console/inbox#rep-tasks',
  });
  expect(lines.title).toBe('Rep task cancelled: Acme & Sons (acme.example)');
  expect(lines.facts).toContainEqual(['About', 'Cleo Fox (budget_holder)']);
  expect(lines.facts.at(-1)).toEqual(['Why cancelled', 'the contact unsubscribed: nobody may contact them now']);
});

it('tells the rep a task expired, and why, and a new owner that a handoff is theirs now', () => {
  const expired = alertLines({
    ...facts('rep_task.expired'),
    task: null,
    repTask: { id: 'rt4', channel: 'linkedin', title: 'Connect with the CTO', instructions: null, status: 'expired', dueAt: new Date('2026-12-09T09:00:00Z'), timeZone: 'UTC', owner: null, about: null, closedWhy: 'the journey stopped waiting for it: nobody marked it done or skipped in time' },
  });
  expect(expired.title).toBe('Rep task expired: Acme & Sons (acme.example)');
  expect(expired.facts.at(-1)).toEqual(['Why expired', 'the journey stopped waiting for it: nobody marked it done or skipped in time']);
  const moved = facts('handoff.reassigned');
  // Announced as it stands: an accepted task that moved is the new owner's to work, not settled.
  const lines = alertLines({ ...moved, task: { ...moved.task!, status: 'accepted', owner: { id: 'r2', name: 'Oscar', email: 'oscar@seller.example' } } });
  expect(lines.title).toBe("Handoff moved to its account's new owner: Acme & Sons (acme.example)");
  expect(lines.facts[0]).toEqual(['Owner', 'Oscar <oscar@seller.example>']);
});
