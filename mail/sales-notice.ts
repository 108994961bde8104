// The internal emails of a sales handoff: a new task for its owner, a reminder when the service
// level is missed, an escalation to the owner's manager or the sales queue. Plain and internal: no
// tracked links, no open pixel, no unsubscribe (they are not marketing email). The workflow passes
// only IDs; the send activity loads what goes in here.
import type Mail from 'nodemailer/lib/mailer';
import type { HandoffEvidence } from '../domain/sales/evidence';
import { formatInZone, shortInZone } from '../domain/time/zone-time';

export type SalesNotice = {
  notice: 'handoff' | 'reminder' | 'escalation';
  taskId: string;
  /** The rep it goes to; null: the escalation queue. */
  salesRepId: string | null;
};

export type SalesNoticeData = {
  notice: SalesNotice['notice'];
  taskId: string;
  to: string;
  recipientName: string | null;
  ownerName: string | null;
  account: { name: string; domain: string; tier: number | null };
  evidence: HandoffEvidence;
  dueAt: Date | null;
  /** The zone the task's service level runs in (its owner's, else the account's): times are on its clock. */
  timeZone: string;
  /** The signed console link that signs the recipient rep in on this task; none for the sales queue. */
  consoleLink?: string;
};

const subjects = {
  handoff: (d: SalesNoticeData) => `New sales task: ${d.account.name} is marketing-qualified`,
  reminder: (d: SalesNoticeData) => `Reminder: ${d.account.name} is waiting for your answer`,
  escalation: (d: SalesNoticeData) => `Escalation: ${d.account.name} was not answered by ${d.ownerName ?? 'its owner'}`,
};

export function salesNoticeText(d: SalesNoticeData): string {
  const e = d.evidence;
  const due = d.dueAt ? formatInZone(d.dueAt.getTime(), d.timeZone) : null;
  // A manager cannot act on a task of another rep's; whoever runs Harpoon can.
  const act = d.notice === 'escalation' ? 'An operator can act on it: ' : 'Act on it: ';
  const lines = [
    `Hello ${d.recipientName ?? 'team'},`,
    '',
    d.notice === 'handoff'
      ? `${d.account.name} (${d.account.domain}, tier ${d.account.tier ?? '?'}) met the marketing-qualified rule and is handed to you.${due ? ` Please accept or reject it by ${due}.` : ''}`
      : d.notice === 'reminder'
        ? `The handoff of ${d.account.name} (${d.account.domain}) passed its service level${due ? ` (due ${due})` : ''} without an answer.`
        : `The handoff of ${d.account.name} (${d.account.domain}) to ${d.ownerName ?? 'its owner'} is still unanswered after a reminder${due ? ` (first due ${due})` : ''}.`,
    '',
    `Why: ${e.why}`,
    `Engagement score: ${e.score}`,
    'Engaged contacts:',
    ...(e.engagedContacts.length === 0 ? ['  (none yet)'] : e.engagedContacts.map((c) => `  - ${c.name} (${c.role}): ${c.did.join(', ')}`)),
    `Buying-group gaps: ${e.gaps.length === 0 ? 'none' : e.gaps.join(', ')}`,
    `Recent timeline (${d.timeZone}):`,
    ...e.recent.map((r) => `  ${shortInZone(Date.parse(r.at), d.timeZone)} ${r.what}`),
    '',
    `Suggested next action: ${e.nextAction}`,
    '',
    ...(d.consoleLink ? [`Open it in the console (accept or reject in two clicks): ${d.consoleLink}`, ''] : []),
    ...(d.notice === 'escalation'
      ? [`It is ${d.ownerName ?? 'its owner'}'s to answer: remind them, or give the account another owner (owner_email in an accounts import) and the task goes with it.`]
      : []),
    `${act}npx harpoon sales show ${d.taskId}`,
    `${' '.repeat(act.length)}npx harpoon sales accept ${d.taskId}   |   npx harpoon sales reject ${d.taskId} --reason <code>`,
  ];
  return lines.join('\n');
}

export function composeSalesNotice(d: SalesNoticeData & { from: string; messageId: string; date: Date }): Mail.Options {
  return {
    from: d.from,
    to: d.recipientName ? { name: d.recipientName, address: d.to } : d.to,
    subject: subjects[d.notice](d),
    text: salesNoticeText(d),
    messageId: d.messageId,
    date: d.date,
    headers: { 'X-Harpoon-Internal': 'sales-handoff' },
  };
}
