// A journey version's per-step analytics as people read them: one row per step in file order, then
// the reasons behind skips and ends. Only presentation: every number comes from the JSON as it is.
import { num, pct, table } from './report-text';
import type { StepReport } from './step-analytics';

/** Counts by reason, alphabetically: "cap:contact: 1, consent:unsubscribed: 2". */
export const reasons = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, n]) => `${reason}: ${n}`)
    .join(', ');
export const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export function stepReportTable(r: StepReport): string {
  const header = ['step', 'kind', 'entered', 'moved on', 'goal exits', 'ended', 'still here', 'sent', 'skipped', 'opened', 'open rate', 'clicked', 'click rate', 'replied', 'reply rate'];
  const rows = r.steps.map((s) => [
    `${s.stage}/${s.stepId}`,
    s.stepType,
    num(s.entered),
    num(s.movedOn),
    num(s.exitedByGoal),
    num(total(s.endedOtherwise)),
    num(s.stillHere),
    num(s.sent),
    num(total(s.skipped)),
    num(s.opened.people),
    pct(s.opened.rate),
    num(s.clicked.people),
    pct(s.clicked.rate),
    num(s.replied.people),
    pct(s.replied.rate),
  ]);
  const notes = r.steps.flatMap((s) => {
    const parts = [
      total(s.skipped) ? `skipped: ${reasons(s.skipped)}` : '',
      total(s.otherOutcomes) ? `not sent: ${reasons(s.otherOutcomes)}` : '',
      total(s.endedOtherwise) ? `ended: ${reasons(s.endedOtherwise)}` : '',
    ].filter(Boolean);
    return parts.length ? [`  ${s.stage}/${s.stepId}: ${parts.join('; ')}`] : [];
  });
  const unrecorded = r.runs.notRecorded ? `; ${r.runs.notRecorded} begun before step records (not recorded, not counted)` : '';
  return [
    `Journey ${r.journey} (${r.name}), version ${r.version} (versions published: ${r.versions.join(', ')}): ${r.runs.recorded} journeys recorded${unrecorded}`,
    'opened, clicked, replied: people; rates: emails responded to / emails sent',
    '',
    ...table(header, rows, [1]),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}
