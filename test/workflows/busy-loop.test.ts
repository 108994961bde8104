// A journey published before the validator refused loops that go round without waiting (the
// schema alone accepts them) runs on the time-skipping server with real activities: the runner's
// pace limit stops it with a reason on the account's timeline, instead of spinning for good. (The
// limit itself, whatever paces the loop: test/journey/loop-pace.test.ts.)
import { describe, expect, it } from 'vitest';
import { accountTimeline } from '../../timeline/account-timeline';
import type { JourneyView } from '../../workflows/journey-api';
import { withJourneyHarness, type JourneyHarness } from '../support/journey-harness';

let h: JourneyHarness;
withJourneyHarness((made) => (h = made));

const noQuietHours = { quietHours: { start: '00:00', end: '00:00', weekends: false } };
const looping = (key: string, steps: unknown[]) => ({ key, name: key, policy: noQuietHours, stages: [{ key: 's1', steps: [...steps, { id: 'again', type: 'goto', stage: 's1' }] }] });

describe('a journey that loops without waiting', () => {
  it('is stopped, with the loop named on its timeline and in its status, when its rep_task makes no task', async () => {
    // Nobody in procurement: no task is made, so the step goes on at once and the goto loops.
    const call = { id: 'call', type: 'rep_task', channel: 'call', title: 'Call procurement', about: { roles: ['procurement'] }, due: { after: '1d' }, wait: { timeout: '5d' } };
    const account = await h.account({ domain: 'rep-spin.example', contacts: [{ email: 'cfo@rep-spin.example', role: 'budget_holder', seniority: 'executive' }] });
    const j = await h.publish(looping('rep-spin', [call]));
    const run = await h.start('rep-spin', j.version, account.id);

    const view = (await run.result()) as JourneyView;
    expect(view).toMatchObject({ status: 'stopped', stage: 's1', exitReason: expect.stringMatching(/^busy_loop: ran more than 1000 steps within an hour without waiting \(steps call, again\); give the loop a wait/) });
    // Each turn asked for a task once: about 500 turns, not an endless stream of them.
    const skipped = await h.db.touch.count({ where: { accountId: account.id, type: 'rep_task_skipped' } });
    expect(skipped).toBeGreaterThan(400);
    expect(skipped).toBeLessThanOrEqual(501);
    const ended = (await accountTimeline(h.db, account.id)).filter((r) => r.type === 'journey_stopped');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.summary).toMatch(/busy_loop/);
  }, 120_000);
});
