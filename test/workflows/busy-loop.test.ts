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

describe('a journey that loops without waiting', () => {
  it('is stopped, with the loop named on its timeline and in its status', async () => {
    // A branch back to the stage and nothing else: the quickest spin there is, with no activity to
    // slow it (a rep_task that makes no task spins the same way: test/journey/loop-pace.test.ts).
    const back = { id: 'back', type: 'branch', if: { tier: { in: [1, 2, 3] } }, then: { stage: 's1' } };
    const account = await h.account({ domain: 'spin.example', contacts: [{ email: 'cfo@spin.example', role: 'budget_holder', seniority: 'executive' }] });
    const j = await h.publish({ key: 'spin', name: 'Spin', stages: [{ key: 's1', steps: [back] }] });
    const run = await h.start('spin', j.version, account.id);

    const view = (await run.result()) as JourneyView;
    expect(view).toMatchObject({ status: 'stopped', stage: 's1', exitReason: expect.stringMatching(/^busy_loop: ran more than 1000 steps within an hour without waiting \(steps back\); give the loop a wait/) });
    const ended = (await accountTimeline(h.db, account.id)).filter((r) => r.type === 'journey_stopped');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.summary).toMatch(/busy_loop/);
  }, 120_000);
});
