// What a rep alert says in Slack and in Teams: a new handoff reaching its owner, the service-level
// reminder and the escalation, each naming the account, the owner, the tier, why, when it is due,
// with a link to the task in the console. Pure: the payloads are unit-tested as JSON.
import type { ReachEventType } from './reach-event';
import type { EventFacts } from './event-facts';

/** The events a chat channel hears. */
export const alertEventTypes = ['handoff.created', 'handoff.reminder', 'handoff.escalated'] as const satisfies readonly ReachEventType[];

const headline: Record<(typeof alertEventTypes)[number], string> = {
  'handoff.created': 'New handoff',
  'handoff.reminder': 'Handoff waiting past its service level',
  'handoff.escalated': 'Handoff escalated',
};

export type AlertLines = { title: string; facts: [string, string][]; link: { label: string; url: string } | null };

function dueText(dueAt: Date | null, timeZone: string | null): string {
  if (!dueAt) return 'not yet (queued for capacity)';
  const zone = timeZone ?? 'UTC';
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(dueAt);
  return `${local} (${zone})`;
}

/** The words of an alert, shared by every chat kind. */
export function alertLines(f: EventFacts): AlertLines {
  const type = f.event.type as (typeof alertEventTypes)[number];
  const owner = f.task?.owner ? `${f.task.owner.name} <${f.task.owner.email}>` : 'nobody (the sales queue)';
  return {
    title: `${headline[type] ?? f.event.type}: ${f.account.name} (${f.account.domain})`,
    facts: [
      ['Owner', owner],
      ['Tier', f.account.tier === null ? 'none' : String(f.account.tier)],
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
