// `harpoon journeys forecast` must answer in seconds as programmes grow: 10,000 accounts × 365 days
// with typical engagement, from a real database file (accounts, buying groups, history and recent
// sends loaded once) through the in-memory run, in under 10 s. The baseline is what the forecast cannot do
// without: one engine step (advance() on the facts of the moment) times the steps it carried out.
import { forecastJourney } from '../forecast/forecast-journey';
import { parseEngagementSetting } from '../domain/forecast/engagement';
import { journeyDefinitionSchema } from '../domain/journey/definition';
import { advance, type Position } from '../domain/journey/engine';
import { readJourneyFile } from '../journeys/load';
import { JourneyState } from '../domain/journey/journey-state';
import { elapsedMs, fmtMs, freshDb, type BenchResult } from './support';

const ACCOUNTS = Number(process.env.FORECAST_ACCOUNTS ?? 10_000);
const DAYS = Number(process.env.FORECAST_DAYS ?? 365);
const GOAL_MS = 10_000;
const roles = ['champion', 'problem_owner', 'decision_maker', 'budget_holder', 'technical_evaluator', 'user', 'influencer'];
const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'UTC'];

export async function run(): Promise<BenchResult> {
  const definition = journeyDefinitionSchema.parse(readJourneyFile('journeys/tier3-nurture.yaml'));
  const { db } = await freshDb();
  // In batches: the set-up is not what is measured, and one insert per account would take minutes.
  for (let from = 0; from < ACCOUNTS; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, ACCOUNTS - from) }, (_, k) => from + k);
    await db.account.createMany({
      data: batch.map((i) => ({ id: `forecast-${i}`, domain: `forecast-${i}.example`, name: `Forecast ${i}`, tier: 3, poolStatus: 'target', timezone: zones[i % zones.length]! })),
    });
    await db.contact.createMany({
      data: batch.flatMap((i) =>
        roles.map((role, k) => ({
          accountId: `forecast-${i}`,
          email: `${role}@forecast-${i}.example`,
          role,
          seniority: k < 4 ? 'manager' : 'individual',
          consent: (i + k) % 11 === 0 ? 'unsubscribed' : 'subscribed',
        })),
      ),
    });
  }
  const accounts = await db.account.findMany({ orderBy: { domain: 'asc' } });
  const request = {
    definition,
    journey: { key: definition.key, version: null, source: 'journeys/tier3-nurture.yaml' },
    accounts,
    startMs: Date.UTC(2026, 10, 23, 9),
    days: DAYS,
    engagement: parseEngagementSetting('typical'),
  };

  let report = await forecastJourney(db, request);
  const forecastMs = await elapsedMs(async () => {
    report = await forecastJourney(db, request);
  });
  const steps = report.accounts.reduce((n, a) => n + a.steps, 0);
  const sent = report.accounts.flatMap((a) => a.entries).filter((e) => e.kind === 'sent').length;

  // One engine step: where to go from a step of the journey, on the facts of a journey with history.
  const state = new JourneyState(definition, request.startMs);
  for (const [i, role] of roles.entries()) state.addEvent({ eventId: `e${i}`, type: 'opened', role: role as never, contactId: `c${i}`, atMs: request.startMs - i * 3_600_000 });
  const positions: Position[] = definition.stages.flatMap((s) => s.steps.map((_, stepIndex) => ({ stage: s.key, stepIndex })));
  let sink = 0;
  const baselineMs = await elapsedMs(async () => {
    for (let i = 0; i < steps; i++) sink += advance(definition, positions[i % positions.length]!, state.facts(request.startMs + i, 3)).kind.length;
  });
  await db.$disconnect();

  return {
    name: 'forecast',
    measurement: fmtMs(forecastMs),
    baseline: fmtMs(baselineMs),
    ratio: forecastMs / baselineMs,
    goal: `${ACCOUNTS.toLocaleString('en')} accounts × ${DAYS} days < ${GOAL_MS / 1000} s`,
    pass: forecastMs < GOAL_MS,
    notes: [
      `measured: forecast of tier3-nurture for ${ACCOUNTS.toLocaleString('en')} accounts (7 contacts each) over ${DAYS} days with typical engagement, from the database file through the report (${report.accounts.length} accounts, ${steps.toLocaleString('en')} steps, ${sent.toLocaleString('en')} emails)`,
      `baseline: ${steps.toLocaleString('en')} engine steps (advance() on the facts of a journey with 7 events), one per step the forecast carried out (${sink} characters of transitions, so none is optimised away)`,
    ],
    checks: [{ label: 'every account forecast', ok: report.accounts.length === ACCOUNTS }],
  };
}
