// The journey's sends inside the workflow: a template to each contact in turn, through the send
// activity, which decides against live state (consent, caps, quiet hours) and records the touch.
// Holds for quiet hours and pauses; a stop or a move abandons the rest and says who was not reached.
import { condition, patched } from '@temporalio/workflow';
import type { EmailStep, JourneyDefinition } from '../domain/journey/definition';
import type { JourneyState } from '../domain/journey/journey-state';
import { interruptionText, sendCallsForGoalCheck } from '../domain/journey/run-rules';
import { acts, sender } from './activity-proxies';
import type { SendToEach, SleepUntil } from './invite-step';
import { activitiesFor, underFailurePolicy } from './step-failure';

export type SendContext = {
  state: JourneyState;
  run: { workflowId: string; journeyKey: string; accountId: string };
  def: () => JourneyDefinition;
  /** The work signals asked for, done while a pause holds the sends. */
  housekeeping: () => Promise<void>;
  sleepUntil: SleepUntil;
};

/** `extra.failurePolicy`: the email step whose retries / skip_on_failure apply. */
export function sendToEachFor({ state, run, def, housekeeping, sleepUntil }: SendContext): SendToEach {
  const { workflowId, journeyKey, accountId } = run;
  return async (template, contactIds, place, extra = {}) => {
    const { stepPath } = place;
    const policyStep: EmailStep | undefined = extra.failurePolicy;
    const limited = policyStep && activitiesFor(policyStep);
    /** Gives up the rest of the step, and (new journeys) says on the timeline who did not get the email and why. */
    const abandon = async (from: number, heldContactId?: string): Promise<'interrupted'> => {
      if (patched('explain-interrupted-sends')) {
        await acts.recordUnsentEmails({
          ...place,
          accountId,
          template,
          heldContactId,
          unreachedContactIds: contactIds.slice(from),
          why: interruptionText(state),
          atMs: Date.now(),
        });
      }
      return 'interrupted';
    };
    for (const [index, contactId] of contactIds.entries()) {
      for (;;) {
        if (state.paused && patched('hold-sends-while-paused')) {
          // A pause holds every send, including one that was waiting for quiet hours to end.
          await housekeeping();
          await condition(() => !state.paused || state.stopReason !== undefined || state.pendingMove !== undefined);
          if (state.stopReason !== undefined || state.pendingMove) return abandon(index);
          continue;
        }
        const request = {
          idempotencyKey: `${workflowId}|${stepPath}|${contactId}`,
          workflowId,
          journeyKey,
          accountId,
          contactId,
          templateKey: template,
          stage: state.position.stage,
          stepPath,
          nowMs: Date.now(),
          policy: def().policy,
          ...(extra.invite ? { invite: extra.invite } : {}),
          // Only an A/B-tested step adds it: every other send's input stays as recorded histories have it.
          ...(extra.experiment ? { experiment: extra.experiment } : {}),
        };
        let result;
        if (policyStep && limited && patched('step-failure-policy')) {
          const attempt = await underFailurePolicy(() => limited.sendEmail(request), {
            state,
            stepId: policyStep.id,
            policy: policyStep,
            record: { workflowId, journeyKey, accountId, stepPath, send: { idempotencyKey: request.idempotencyKey, contactId, template } },
          });
          if (!attempt.ok) {
            if (attempt.outcome.kind === 'skip') break;
            state.stopReason = attempt.outcome.reason;
            return abandon(index + 1);
          }
          result = attempt.value;
        } else {
          result = await sender.sendEmail(request);
        }
        // Both can end the journey: nobody left to reach, or the account left the pool.
        if (sendCallsForGoalCheck(result)) state.goalCheckDue = true;
        if (result.status !== 'deferred') {
          const why = result.status === 'skipped' || result.status === 'failed' ? ` (${result.reason})` : '';
          state.note(Date.now(), 'email', `${template} to contact ${contactId}: ${result.status}${why}`);
          if (result.status === 'sent' || result.status === 'unconfirmed') await extra.afterSend?.(contactId, request.idempotencyKey);
          break;
        }
        state.note(Date.now(), 'email', `${template} to contact ${contactId}: held for ${result.reason} until ${new Date(result.untilMs).toISOString()}`);
        // Quiet hours defer the email rather than drop it; a stop or a move abandons the rest of the step.
        if ((await sleepUntil(result.untilMs, { rollOver: false })) === 'interrupted') return abandon(index, contactId);
      }
    }
    return 'done';
  };
}
