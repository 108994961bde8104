// The touch → reach event mapping: which touches are business events for the outside, and which.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { reachEventsOf, reachEventTypesOf, feedTouchTypes } from '../../reach/touch-events';
import { reachEventTypes } from '../../reach/reach-event';

const touch = (type: string, detail: Record<string, unknown> = {}, contactId: string | null = null) => ({ id: 't1', type, accountId: 'acc', contactId, at: new Date('2026-12-06T09:30:00Z'), detail });

it('maps a handoff that reached its owner to handoff.created, with mqa first when the MQA rule triggered it', () => {
  expect(reachEventTypesOf(touch('sales_handoff', { taskId: 'handoff/acc/1', status: 'created' }), { trigger: 'mqa' })).toEqual(['mqa', 'handoff.created']);
  expect(reachEventTypesOf(touch('sales_handoff', { taskId: 'handoff/acc/1', status: 'created' }), { trigger: 'step' })).toEqual(['handoff.created']);
});

it('holds handoff.created back while pacing queues the task, and sends it when the task is released', () => {
  expect(reachEventTypesOf(touch('sales_handoff', { taskId: 'handoff/acc/1', status: 'queued' }), { trigger: 'mqa' })).toEqual(['mqa']);
  expect(reachEventTypesOf(touch('sales_released', { taskId: 'handoff/acc/1' }), { trigger: 'mqa' })).toEqual(['handoff.created']);
});

it('maps each sales, event, consent and rep task touch to its one event', () => {
  const pairs = Object.fromEntries(
    ['sales_accepted', 'sales_rejected', 'sales_reminder', 'sales_escalation', 'sales_opportunity', 'sales_won', 'sales_lost', 'event_registered', 'event_attended', 'unsubscribed'].map((t) => [t, reachEventTypesOf(touch(t), null)]),
  );
  expect(pairs).toEqual({
    sales_accepted: ['handoff.accepted'],
    sales_rejected: ['handoff.rejected'],
    sales_reminder: ['handoff.reminder'],
    sales_escalation: ['handoff.escalated'],
    sales_opportunity: ['opportunity'],
    sales_won: ['won'],
    sales_lost: ['lost'],
    event_registered: ['registration'],
    event_attended: ['attendance'],
    unsubscribed: ['unsubscribe'],
  });
  expect(reachEventsOf(touch('rep_task_created', { taskId: 'cm-rep-task-1', channel: 'call' }, 'c1'), null)[0]).toMatchObject({ type: 'rep_task.created', taskId: 'cm-rep-task-1', contactId: 'c1' });
  expect(reachEventTypesOf(touch('rep_task_cancelled', { taskId: 'cm-rep-task-1' }), null)).toEqual(['rep_task.cancelled']);
  expect(reachEventTypesOf(touch('rep_task_expired', { taskId: 'cm-rep-task-1' }), null)).toEqual(['rep_task.expired']);
  expect(reachEventTypesOf(touch('rep_task_reassigned', { taskId: 'cm-rep-task-1' }), null)).toEqual(['rep_task.reassigned']);
  expect(reachEventsOf(touch('sales_task_reassigned', { taskId: 'handoff/acc/1', from: 'r1', to: 'r2' }), null)[0]).toMatchObject({ type: 'handoff.reassigned', taskId: 'handoff/acc/1' });
});

it('tells those who keep consent of a spam complaint that unsubscribed the person, and of no other complaint', () => {
  expect(reachEventTypesOf(touch('complained', { source: 'api', unsubscribed: true }), null)).toEqual(['unsubscribe']);
  // Already unsubscribed (or bounced) before: the complaint counts in the complaint rate, and is no news to a CRM.
  expect(reachEventTypesOf(touch('complained', { source: 'api' }), null)).toEqual([]);
});

it('ignores touches that are not business events (opens, clicks, no-shows, notes)', () => {
  for (const type of ['opened', 'clicked', 'event_no_show', 'sales_negative_proposed', 'email_sent']) expect(reachEventTypesOf(touch(type), null)).toEqual([]);
});

it('gives each event a stable id from its touch and carries the IDs the targets read', () => {
  expect(reachEventsOf(touch('event_attended', { eventKey: 'summit' }, 'c1'), null)).toEqual([
    { id: 't1.attendance', type: 'attendance', at: '2026-12-06T09:30:00.000Z', accountId: 'acc', contactId: 'c1', taskId: null, eventKey: 'summit' },
  ]);
  expect(reachEventsOf(touch('sales_won', { taskId: 'handoff/acc/2' }), null)[0]).toMatchObject({ id: 't1.won', taskId: 'handoff/acc/2', eventKey: null });
});

it('covers every reach event type with the touch types the feed trigger fires for', () => {
  const produced = new Set(feedTouchTypes.flatMap((t) => reachEventTypesOf(touch(t, { status: 'created' }), { trigger: 'mqa' })));
  expect([...produced].sort()).toEqual([...reachEventTypes].sort());
});

it('is what the feed trigger of both databases fires for, as the latest migration that makes it says', () => {
  for (const dir of ['migrations', 'migrations-postgresql']) {
    const folder = path.join(projectRoot, 'prisma', dir);
    const sql = readdirSync(folder)
      .filter((name) => statSync(path.join(folder, name)).isDirectory())
      .sort()
      .map((name) => readFileSync(path.join(folder, name, 'migration.sql'), 'utf8'))
      .filter((text) => text.includes('CREATE TRIGGER "Touch_reach_feed"'))
      .at(-1)!;
    const list = /NEW\."type" IN \(([^)]*)\)/.exec(sql)![1]!;
    expect(list.split(',').map((s) => s.trim().replace(/'/g, ''))).toEqual([...feedTouchTypes]);
  }
});
