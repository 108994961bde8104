// What a rep alert says in Slack and in Teams: a new handoff reaching its owner, the service-level
// reminder and the escalation, each naming the account, the owner, the tier, why, when it is due,
// with a link to the task in the console; and a rep task (a call, a LinkedIn touch, direct mail),
// new, cancelled or expired, with what to do, whom it is about, when it is due and why it closed; and
// a handoff that moved with its account to a new owner.
// Pure: the payloads are unit-tested as JSON.
import { repTaskChannelLabels } from '../domain/sales/rep-task';
import type { ReachEventType } from './reach-event';
import type { EventFacts } from './event-facts';

/** The events a chat channel hears. */
export const alertEventTypes = [
  'handoff.created',
  'handoff.reminder',
  'handoff.escalated',
  'handoff.reassigned',
  'rep_task.created',
  'rep_task.cancelled',
  'rep_task.expired',
  'rep_task.reassigned',
] as const satisfies readonly ReachEventType[];

const headline: Record<(typeof alertEventTypes)[number], string> = {
  'handoff.created': 'New handoff',
  'handoff.reminder': 'Handoff waiting past its service level',
  'handoff.escalated': 'Handoff escalated',
  'handoff.reassigned': "Handoff moved to its account's new owner",
  'rep_task.created': 'New rep task',
  'rep_task.cancelled': 'Rep task cancelled',
  'rep_task.expired': 'Rep task expired',
  'rep_task.reassigned': "Rep task moved to its account's new owner",
};

const ownerText = (owner: { name: string; email: string } | null | undefined) => (owner ? `${owner.name} <${owner.email}>` : 'nobody (the sales queue)');

export type AlertLines = { title: string; facts: [string, string][]; link: { label: string; url: string } | null };

function dueText(dueAt: Date | null, timeZone: string | null): string {
  if (!dueAt) return 'not yet (queued for capacity)';
  const zone = timeZone ?? 'UTC';
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(dueAt);
  return `${local} (${zone})`;
}

/**
 * The task's status when it has moved on from the one the alert announces: facts are read when the
 * alert goes out, which may be after the rep already answered, or after the task was taken back
 * (a relay outage, a delivery retried), and the alert must not ask for what is already settled.
 */
function movedOn(f: EventFacts): string | null {
  if (f.repTask) return f.event.type === 'rep_task.created' && f.repTask.status !== 'open' ? f.repTask.status : null;
  // A task that changed hands is announced in whatever state it is: the new owner works it from there.
  if (f.task && f.event.type.startsWith('handoff.') && f.event.type !== 'handoff.reassigned') return f.task.status === 'queued' || f.task.status === 'created' ? null : f.task.status;
  return null;
}

/** The words of an alert, shared by every chat kind. */
export function alertLines(f: EventFacts): AlertLines {
  const type = f.event.type as (typeof alertEventTypes)[number];
  const moved = movedOn(f);
  const title = `${headline[type] ?? f.event.type}${moved ? ` (now ${moved})` : ''}: ${f.account.name} (${f.account.domain})`;
  const tier = f.account.tier === null ? 'none' : String(f.account.tier);
  if (f.repTask) {
    const t = f.repTask;
    return {
      title,
      facts: [
        ['Owner', ownerText(t.owner)],
        ['Tier', tier],
        ['Task', `${repTaskChannelLabels[t.channel]}: ${t.title}`],
        ['About', t.about ? `${t.about.name} (${t.about.role})` : 'the account'],
        ...(t.instructions ? [['Instructions', t.instructions] as [string, string]] : []),
        ['Due', dueText(t.dueAt, t.timeZone)],
        // A task closed without its rep tells them not to act on the alert that announced it, and why.
        ...(t.closedWhy ? [[`Why ${t.status}`, t.closedWhy] as [string, string]] : []),
      ],
      link: f.taskUrl ? { label: 'Open your rep tasks in the console', url: f.taskUrl } : null,
    };
  }
  return {
    title,
    facts: [
      ['Owner', ownerText(f.task?.owner)],
      ['Tier', tier],
      ['Why', f.task?.why ?? 'not recorded'],
      ['Due', dueText(f.task?.dueAt ?? null, f.task?.timeZone ?? null)],
    ],
    link: f.taskUrl ? { label: 'Open the task in the console', url: f.taskUrl } : null,
  };
}

/** Slack treats &, < and > as markup (<!channel> would ping everyone): data is escaped. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Slack incoming-webhook message: `text` for notifications, `blocks` for the channel. */
export function slackMessage(a: AlertLines) {
  const facts = a.facts.map(([k, v]) => `*${k}:* ${slackEscape(v)}`).join('\n');
  const link = a.link ? `<${a.link.url}|${slackEscape(a.link.label)}>` : '';
  return {
    text: `${slackEscape(a.title)}${a.link ? ` ${a.link.url}` : ''}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(a.title)}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: facts } },
      ...(a.link ? [{ type: 'section', text: { type: 'mrkdwn', text: link } }] : []),
    ],
  };
}

/** A Teams incoming-webhook (or Workflows) message carrying one Adaptive Card. */
export function teamsMessage(a: AlertLines) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: a.title, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'FactSet', facts: a.facts.map(([title, value]) => ({ title, value })) },
          ],
          actions: a.link ? [{ type: 'Action.OpenUrl', title: a.link.label, url: a.link.url }] : [],
        },
      },
    ],
  };
}
