// All of Harpoon's activities, built around their dependencies so tests can give them a fresh
// database file and a real loopback SMTP server.
import type { ReviewConfig } from '../config/reviews';
import type { SalesConfig } from '../config/sales';
import type { Db } from '../db/client';
import type { CrmConnection } from '../reach/crm/crm-connection';
import { createAudienceActivities } from './audience';
import { createBeginJourneyActivities } from './begin-journey';
import { createEngagementHistoryActivities } from './engagement-history';
import { createEventActivities } from './programme-events';
import { createJourneyDefinitionActivities } from './journey-definitions';
import { createJourneyRunActivities } from './journey-runs';
import { createLifecycleActivities } from './lifecycle-records';
import { createReachActivities } from './reach';
import { createRepTaskActivities, type RepTaskFaults } from './rep-tasks';
import { createReviewActivities } from './reviews';
import { createSalesActivities } from './sales';
import { createStepVisitActivities } from './step-visits';
import { createSendEmailActivities, type Mailer, type SendFaults } from './send-email';
import { createUnsentEmailActivities } from './unsent-emails';
import { createWorkflowStartActivities } from './workflow-starts';

export type ActivityDeps = {
  db: Db;
  mailer: Mailer;
  faults?: SendFaults;
  sales?: SalesConfig;
  reviews?: ReviewConfig;
  repTaskFaults?: RepTaskFaults;
  /** The CRMs the reach feed syncs to (config: HARPOON_HUBSPOT_*, HARPOON_SALESFORCE_*); none by default. */
  crms?: CrmConnection[];
};

export function createActivities(deps: ActivityDeps) {
  const runs = createJourneyRunActivities(deps.db);
  const definitions = createJourneyDefinitionActivities(deps.db);
  const history = createEngagementHistoryActivities(deps.db);
  return {
    ...runs,
    ...definitions,
    ...createAudienceActivities(deps.db),
    ...history,
    ...createBeginJourneyActivities({ ...runs, ...definitions, ...history }),
    ...createSendEmailActivities(deps.db, deps.mailer, deps.faults),
    ...createUnsentEmailActivities(deps.db),
    ...createLifecycleActivities(deps.db),
    ...createStepVisitActivities(deps.db),
    ...createSalesActivities(deps.db, deps.sales),
    ...createRepTaskActivities(deps.db, deps.mailer.policy, deps.repTaskFaults),
    ...createEventActivities(deps.db),
    ...createReviewActivities(deps.db, deps.reviews),
    ...createWorkflowStartActivities(),
    ...createReachActivities(deps.db, deps.mailer.publicUrl, deps.crms ?? []),
  };
}

export type Activities = ReturnType<typeof createActivities>;
