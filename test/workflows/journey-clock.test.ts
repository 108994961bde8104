// The account's timeline follows the journey's clock: on the time-skipping server, where a month
// passes in a second, the start, the emails and the end keep the order in which they happened.
import { expect, it } from 'vitest';
import { launchForAccounts } from '../../use-cases/launch';
import { readOutboxMessage } from '../../mail/outbox';
import { journeyWorkflowId } from '../../workflows/ids';
import { withJourneyHarness, type JourneyHarness } from '../support/journey-harness';

let h: JourneyHarness;
withJourneyHarness((made) => (h = made));

const dayMs = 86_400_000;

it("records a journey's start, end and run times on its own clock: it completes after its emails, which are dated when sent", async () => {
  await h.publish({
    key: 'clock',
    name: 'Clock',
    policy: { quietHours: { start: '00:00', end: '00:00', weekends: false } },
    stages: [{ key: 'engage', steps: [
      { id: 'settle', type: 'wait', duration: '10d' },
      { id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
      { id: 'after-intro', type: 'wait', duration: '20d' },
    ] }],
  });
  const account = await h.account({ domain: 'clock.example', contacts: [{ email: 'champ@clock.example', role: 'champion' }] });
  const startedNear = await h.env.currentTimeMs();
  // Launched as `journeys launch` does: the launcher writes the run's row first, on its own clock.
  await launchForAccounts(h.db, h.env.client, h.taskQueue, 'clock', [account]);
  const handle = h.env.client.workflow.getHandle(journeyWorkflowId('clock', account.id));
  await handle.result();

  const touches = await h.db.touch.findMany({ where: { accountId: account.id }, orderBy: { at: 'asc' } });
  const at = (type: string) => touches.find((t) => t.type === type)!.at.getTime();
  expect(touches.map((t) => t.type)).toEqual(['journey_started', 'email_sent', 'journey_completed']);
  expect(at('journey_started')).toBeLessThan(startedNear + 60_000);
  expect(at('email_sent') - at('journey_started')).toBeGreaterThanOrEqual(10 * dayMs);
  expect(at('journey_completed') - at('email_sent')).toBeGreaterThanOrEqual(20 * dayMs);

  const run = await h.db.journeyRun.findUniqueOrThrow({ where: { workflowId: handle.workflowId } });
  expect(run.startedAt.getTime()).toBe(at('journey_started'));
  expect(run.endedAt!.getTime()).toBe(at('journey_completed'));
  expect(run.updatedAt.getTime()).toBe(at('journey_completed'));

  const [send] = await h.sends(account.id);
  const mail = await readOutboxMessage(h.outboxDir, send!.messageId!);
  // The Date header says when the send happened on the journey's clock (to the second it carries).
  expect(Math.abs(mail.date!.getTime() - send!.sentAt!.getTime())).toBeLessThan(2_000);
});
