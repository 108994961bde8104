// A time-skipping simulation, the full-stack path tests use: SIM_ACCOUNTS accounts (default 200 as in
// issue 12; tier 1 run the tier1-executive journey, the rest tier3-nurture) for SIM_DAYS days
// (default 180) on the time-skipping test server, with the real worker, activities, database and
// SMTP sink, and engagement seeded from a fixed sequence (a click from every seventh account every
// SIM_STEP_DAYS days). Measured: wall time for the whole simulation; goal < 60 s.
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { freshDb, type BenchResult } from './support';
import { projectRoot } from '../config/env';
import { readJourneyFile } from '../journeys/load';
import { engagementSignal } from '../workflows/journey-api';
import { createJourneyHarness } from '../test/support/journey-harness';
import { installRuntime } from '../worker/runtime';

const ACCOUNTS = Number(process.env.SIM_ACCOUNTS ?? 200);
const DAYS = Number(process.env.SIM_DAYS ?? 180);
const STEP_DAYS = 5;
const GOAL_MS = 60_000;
const ROLES = ['champion', 'executive', 'budget_holder', 'end_user', 'technical_evaluator'];

export async function run(): Promise<BenchResult> {
  installRuntime('warn');
  const h = await createJourneyHarness({
    db: async () => {
      const fresh = await freshDb();
      return { ...fresh, dir: path.dirname(fresh.file) };
    },
  });
  try {
    const versions = new Map<string, number>();
    for (const key of ['tier1-executive', 'tier3-nurture']) {
      versions.set(key, (await h.publish(readJourneyFile(path.join(projectRoot, 'journeys', `${key}.yaml`)))).version);
    }
    const accounts = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const domain = `sim-${i}.example`;
      accounts.push(
        await h.account({
          domain,
          tier: i % 4 === 0 ? 1 : 3,
          timezone: ['UTC', 'Europe/Berlin', 'America/New_York'][i % 3],
          contacts: ROLES.map((role, c) => ({ email: `p${c}@${domain}`, role, seniority: role === 'executive' ? 'executive' : 'manager' })),
        }),
      );
    }
    const started = performance.now();
    const handles = [];
    for (const account of accounts) {
      const key = account.tier === 1 ? 'tier1-executive' : 'tier3-nurture';
      handles.push({ account, handle: await h.start(key, versions.get(key)!, account.id) });
    }
    let events = 0;
    for (let day = STEP_DAYS; day <= DAYS; day += STEP_DAYS) {
      await h.env.sleep(`${STEP_DAYS} days`);
      const atMs = await h.env.currentTimeMs();
      for (const [i, { account, handle }] of handles.entries()) {
        if ((i + day) % 7 !== 0) continue;
        const contact = account.contacts[(i + day) % account.contacts.length]!;
        try {
          await handle.signal(engagementSignal, { version: 1, eventId: `sim-${day}-${i}`, type: 'clicked', contactId: contact.id, atMs });
          events++;
        } catch (err) {
          // A journey that has already ended hears nothing, as in production; anything else is a failure.
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
    }
    const ms = performance.now() - started;
    const sent = await h.db.emailSend.count({ where: { status: 'sent' } });
    return {
      name: `simulation (${ACCOUNTS} × ${DAYS} d)`,
      measurement: `${(ms / 1000).toFixed(1)} s`,
      baseline: '-',
      ratio: ms / GOAL_MS,
      goal: `< ${GOAL_MS / 1000} s`,
      pass: ms < GOAL_MS,
      notes: [`time-skipping server, real worker and sink; ${events} engagement events delivered, ${sent} emails sent, ${h.delivered().length} in the sink`],
      checks: [{ label: `every email recorded sent reached the sink (${sent} sent, ${h.delivered().length} in the sink)`, ok: sent === h.delivered().length }],
    };
  } finally {
    await h.teardown();
  }
}
