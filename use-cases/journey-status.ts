// What `journeys status` and `GET /v1/accounts/:domain/journeys` show: an account's journeys from
// the database, with what Temporal knows live when a client is given (the live parts stay empty
// without one), the events still waiting for delivery and the emails waiting for the mail relay.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../db/client';
import { sayMentions } from '../domain/timeline/mentions';
import { peopleOf } from '../timeline/people';
import { emailsWaitingForRelay } from '../timeline/waiting-emails';
import { statusQuery, type JourneyView } from '../workflows/journey-api';
import { errorWithCauses } from '../client/error-words';
import { pendingByJourney } from '../client/journey-outbox';

export type JourneyStatus = Awaited<ReturnType<typeof journeyStatus>>;

export async function journeyStatus(db: Db, client: Client | undefined, account: { id: string; domain: string; name: string }, unreachable?: string) {
  const runs = await db.journeyRun.findMany({ where: { accountId: account.id }, orderBy: { startedAt: 'asc' } });
  const pending = await pendingByJourney(db, runs.map((r) => r.workflowId));
  const relayWaits = await emailsWaitingForRelay(db, runs.map((r) => r.workflowId));
  // The journey's own notes name people by contact id (its history holds no personal data).
  const people = await peopleOf(db, account.id);
  const journeys = await Promise.all(
    runs.map(async (r) => {
      let live: JourneyView | undefined;
      let liveError: string | null = null;
      try {
        live = await client?.workflow.getHandle(r.workflowId).query(statusQuery);
      } catch (err) {
        // A journey whose history is gone (retention) still has its SQL row; anything else is said.
        if (!(err instanceof WorkflowNotFoundError)) liveError = errorWithCauses(err);
      }
      const waiting = pending.get(r.workflowId);
      const relay = relayWaits.get(r.workflowId);
      return {
        workflowId: r.workflowId,
        journeyKey: r.journeyKey,
        journeyVersion: r.journeyVersion,
        status: r.status,
        stage: r.stage,
        // Live when Temporal answers; otherwise the step the journey last recorded entering.
        step: live ? (live.step?.id ?? null) : r.step,
        nextWakeAt: live?.nextWakeAtMs ? new Date(live.nextWakeAtMs).toISOString() : null,
        engagementScore: live?.engagement.score ?? null,
        startedAt: r.startedAt.toISOString(),
        endedAt: r.endedAt?.toISOString() ?? null,
        exitReason: r.exitReason,
        pendingDeliveries: waiting
          ? { count: waiting.count, since: waiting.since.toISOString(), attempts: waiting.attempts, lastError: waiting.lastError }
          : { count: 0, since: null, attempts: 0, lastError: null },
        waitingForMailRelay: relay ? { emails: relay.count, since: relay.since.toISOString(), lastError: relay.lastError } : null,
        timeline: (live?.timeline ?? []).map((t) => ({ ...t, text: sayMentions(t.text, people) })),
        liveError,
      };
    }),
  );
  const temporal = unreachable ? { reachable: false, error: unreachable } : { reachable: true };
  return { account: { id: account.id, domain: account.domain, name: account.name }, temporal, journeys };
}
