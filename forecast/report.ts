// How a forecast reads: per account, what would be sent to whom and when in the recipient's local
// time, what would be held or left out and why, and where the account would be at the end; as
// text for people, JSON for programs, CSV for a spreadsheet (one row per line of a forecast).
import { csvCell } from '../domain/csv/spreadsheet-cell';
import type { EngagementSetting } from '../domain/forecast/engagement';
import { localDateTime } from '../domain/time/local-time';
import { weekdays } from '../domain/journey/terms';
import { holdoutSummaryLine, type LaunchHoldout } from '../domain/measurement/holdout';
import type { AccountForecast, ForecastContact, ForecastEntry } from './simulate';

export type ForecastReport = {
  journey: { key: string; version: number | null; source: string };
  startMs: number;
  days: number;
  engagement: EngagementSetting;
  accounts: AccountForecast[];
  notEligible: { domain: string; reason: string }[];
  /** Only for a journey with a holdout: who a launch now would hold out (they are not forecast: no sends). */
  holdout?: LaunchHoldout;
  /** Who the contact IDs of the entries are (names and addresses stay out of the forecast itself). */
  contacts: Map<string, ForecastContact>;
};

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-24 Tue 08:00" in the time zone. */
export function localTime(ms: number, timeZone: string): string {
  const t = localDateTime(ms, timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${weekdays[t.weekday]![0]!.toUpperCase()}${weekdays[t.weekday]!.slice(1)} ${pad(t.hour)}:${pad(t.minute)}`;
}

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

function count<T>(items: T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
}

export function describeEngagement(e: EngagementSetting): string {
  return e.kind === 'none' ? 'none (nobody engages)' : `seeded "${e.seed}", ${e.eventsPerContactPerWeek} events per subscribed contact a week`;
}

/** The contact of an entry and the time zone its times read in: the contact's, else the account's. */
function whoAndWhere(report: ForecastReport, account: AccountForecast, e: ForecastEntry) {
  const contact = e.contactId ? report.contacts.get(e.contactId) : undefined;
  return { contact, zone: contact?.timezone ?? account.timezone };
}

function entryLine(report: ForecastReport, account: AccountForecast, e: ForecastEntry): string {
  const { contact, zone } = whoAndWhere(report, account, e);
  const who = contact ? `${contact.email} (${contact.role})` : 'nobody';
  const when = `${localTime(e.atMs, zone)} ${zone}`;
  switch (e.kind) {
    case 'sent':
      return `${when}  sent      ${e.template}${e.variant ? ` (variant ${e.variant})` : ''} → ${who}  [${e.stepPath}]`;
    case 'held':
      return `${when}  held      ${e.template} → ${who}: ${e.reason} until ${localTime(e.untilMs!, zone)}`;
    case 'skipped':
      return `${when}  skipped   ${e.template} → ${who}: ${e.reason} (${e.detail})`;
    case 'not_planned':
      return `${when}  not sent  ${e.template} → ${who}: ${e.reason} (${e.detail})`;
    case 'not_sent':
      return `${when}  not sent  ${e.template} → ${who}: ${e.reason} (${e.detail})`;
    case 'stage':
      return `${when}  stage     ${e.detail}`;
    case 'handoff':
      return `${when}  handoff   to sales: ${e.detail}`;
    case 'woke':
      return `${when}  woke      ${e.detail}`;
    case 'invite':
      return `${when}  invite    ${e.detail}`;
    case 'rep_task':
      return `${when}  rep task  ${e.channel} "${e.template}" about ${contact ? who : 'the account'}, due ${localTime(e.dueMs!, zone)}  [${e.stepPath}]`;
    case 'rep_task_skipped':
      return `${when}  no task   ${e.channel} "${e.template}" about ${contact ? who : 'the account'}: ${e.reason} (${e.detail})`;
  }
}

/**
 * Rep tasks by channel, then by the week (its Monday, UTC) they would be created in: the sales team's
 * load, as the summary gives the emails.
 */
export function repTasksByChannelAndWeek(entries: readonly ForecastEntry[]): Map<string, Map<string, number>> {
  const byChannel = new Map<string, Map<string, number>>();
  for (const e of entries) {
    if (e.kind !== 'rep_task') continue;
    const day = new Date(e.atMs);
    const monday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - ((day.getUTCDay() + 6) % 7))).toISOString().slice(0, 10);
    const weeks = byChannel.get(e.channel!) ?? new Map<string, number>();
    weeks.set(monday, (weeks.get(monday) ?? 0) + 1);
    byChannel.set(e.channel!, weeks);
  }
  return byChannel;
}

function repTaskLines(entries: readonly ForecastEntry[]): string[] {
  const skipped = entries.filter((e) => e.kind === 'rep_task_skipped');
  const byChannel = repTasksByChannelAndWeek(entries);
  if (byChannel.size === 0 && skipped.length === 0) return [];
  return [
    `rep tasks: ${[...byChannel.values()].reduce((n, weeks) => n + [...weeks.values()].reduce((a, b) => a + b, 0), 0)} created, ${skipped.length} not created${skipped.length ? ` (${count(skipped, (e) => e.reason!)})` : ''}`,
    ...[...byChannel].map(([channel, weeks]) => `  ${channel}: ${[...weeks].map(([monday, n]) => `week of ${monday}: ${n}`).join(', ')}`),
  ];
}

/** The forecast at a glance: what it covers, what all accounts would get, where they end, who is left out and why. */
export function forecastSummary(report: ForecastReport): string[] {
  const entries = report.accounts.flatMap((a) => a.entries);
  const of = (kind: ForecastEntry['kind']) => entries.filter((e) => e.kind === kind);
  const ended = report.accounts.filter((a) => a.end.status === 'completed');
  const version = report.journey.version === null ? report.journey.source : `v${report.journey.version}`;
  const lines = [
    `${report.journey.key} ${version}: forecast of ${report.days} days from ${utc(report.startMs)} UTC; engagement ${describeEngagement(report.engagement)}`,
    `${report.accounts.length} account(s): ${of('sent').length} email(s) sent, ${of('held').length} held for quiet hours, ` +
      `${of('skipped').length} skipped${of('skipped').length ? ` (${count(of('skipped'), (e) => e.reason!)})` : ''}, ` +
      `${of('not_planned').length + of('not_sent').length} not sent${of('not_planned').length + of('not_sent').length ? ` (${count([...of('not_planned'), ...of('not_sent')], (e) => e.reason!)})` : ''}, ` +
      `${of('handoff').length} handed to sales`,
    ...repTaskLines(entries),
    `at the end: ${ended.length} completed${ended.length ? ` (${count(ended, (a) => a.end.reason)})` : ''}, ${report.accounts.length - ended.length} still running`,
  ];
  const split = of('sent').filter((e) => e.variant !== undefined);
  // The step, without the visit: each A/B-tested step's split over all its sends.
  if (split.length > 0) lines.push(`A/B split: ${count(split, (e) => `${e.stepPath!.replace(/#.*$/, '')} ${e.variant}`)}`);
  const notEligible = new Map<string, string[]>();
  for (const { domain, reason } of report.notEligible) notEligible.set(reason, [...(notEligible.get(reason) ?? []), domain]);
  for (const [reason, domains] of notEligible) {
    lines.push(`not eligible (${domains.length}): ${reason}: ${domains.slice(0, 5).join(', ')}${domains.length > 5 ? `, and ${domains.length - 5} more` : ''}`);
  }
  if (report.holdout) lines.push(holdoutSummaryLine(report.holdout));
  return lines;
}

/** One account's lines, oldest first, then where it ends. */
export function accountLines(report: ForecastReport, account: AccountForecast): string[] {
  const end = account.end;
  return [
    ...account.entries.map((e) => entryLine(report, account, e)),
    end.status === 'completed'
      ? `end: completed (${end.reason}) in ${end.stage}, ${utc(end.atMs)} UTC`
      : `end: still running in ${end.stage}${end.step ? `/${end.step}` : ''} (${end.reason})`,
  ];
}

export function forecastText(report: ForecastReport): string[] {
  return [
    ...forecastSummary(report),
    ...report.accounts.flatMap((account) => ['', `${account.domain} (${account.timezone})`, ...accountLines(report, account).map((line) => `  ${line}`)]),
  ];
}

export function forecastJson(report: ForecastReport) {
  return {
    journey: report.journey,
    startedAt: new Date(report.startMs).toISOString(),
    days: report.days,
    engagement: report.engagement,
    notEligible: report.notEligible,
    ...(report.holdout ? { holdout: report.holdout } : {}),
    accounts: report.accounts.map((a) => ({
      domain: a.domain,
      accountId: a.accountId,
      end: { ...a.end, at: new Date(a.end.atMs).toISOString() },
      entries: a.entries.map((e) => {
        const { contact, zone } = whoAndWhere(report, a, e);
        return {
          ...e,
          at: new Date(e.atMs).toISOString(),
          localTime: localTime(e.atMs, zone),
          timeZone: zone,
          ...(contact ? { contact: contact.email, role: contact.role } : {}),
        };
      }),
    })),
  };
}

/**
 * One row per line of the forecast. Columns after `detail` came later and stay at the end, so a
 * sheet built on the first ones keeps working: the A/B variant, a rep task's channel and due time,
 * a held email's release, and the stage (of the end row too, whose step is a step path as the others').
 */
export function forecastCsv(report: ForecastReport): string[] {
  const header = ['account', 'kind', 'contact', 'role', 'template', 'step', 'local_time', 'time_zone', 'utc', 'reason', 'detail', 'variant', 'channel', 'due_utc', 'held_until_utc', 'stage'];
  const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());
  const rows = report.accounts.flatMap((a) => [
    ...a.entries.map((e) => {
      const { contact, zone } = whoAndWhere(report, a, e);
      const stage = e.stepPath?.split('/')[0];
      return [a.domain, e.kind, contact?.email, contact?.role, e.template, e.stepPath, localTime(e.atMs, zone), zone, iso(e.atMs), e.reason, e.detail, e.variant, e.channel, iso(e.dueMs), iso(e.untilMs), stage];
    }),
    [a.domain, `end:${a.end.status}`, '', '', '', a.end.step ? `${a.end.stage}/${a.end.step}` : '', '', '', iso(a.end.atMs), a.end.reason, '', '', '', '', '', a.end.stage],
  ]);
  const left = [
    ...report.notEligible.map(({ domain, reason }) => [domain, 'not_eligible', '', '', '', '', '', '', '', 'entry', reason, '', '', '', '', '']),
    ...(report.holdout?.heldOut ?? []).map((domain) => [domain, 'held_out', '', '', '', '', '', '', '', 'holdout', 'measured, not contacted', '', '', '', '', '']),
  ];
  return [header, ...rows, ...left].map((r) => r.map(csvCell).join(','));
}
