// The attribution report as people read it: one line per key of the breakdown, then what was
// attributed, what had no touch in its window, and the total (the `harpoon report` figures). Only
// presentation: every number comes from the report's JSON as it is.
import type { AttributionReport } from './attribution';
import type { CreditedFigures } from '../domain/measurement/attribution';
import { describeScope, num, table } from './report-text';

const noKey = { channel: '(no channel)', journey: '(no journey)', step: '(no journey step)', event: '(no event)' } as const;

export function attributionTable(r: AttributionReport): string {
  const q = r.query;
  const cur = r.currency ? ` ${r.currency}` : '';
  const cells = (label: string, f: CreditedFigures) => [label, num(f.opportunities, 4), `${num(f.pipeline, 2)}${cur}`, num(f.won, 4), `${num(f.wonRevenue, 2)}${cur}`];
  const model = q.model === 'time-decay' ? `time-decay, half-life ${q.halfLife}` : q.model;
  return [
    `Attribution (${model}; touches up to ${q.lookback} before each conversion) by ${q.by} for ${describeScope({ filter: q, period: r.period })}`,
    '',
    ...table(
      [q.by, 'opportunities', 'pipeline', 'won', 'won revenue'],
      [
        ...r.rows.map((row) => cells(row.key ?? noKey[q.by], row)),
        cells('attributed', r.attributed),
        cells('unattributed (no touch in the window)', r.unattributed),
        cells('total', r.total),
      ],
    ),
  ].join('\n');
}
