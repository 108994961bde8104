// A journey's forecast for a set of accounts, from the database: those that do not meet the entry
// criteria are listed with why (as `journeys launch` would leave them out), the others are loaded
// once and run in memory. Nothing is written, nothing is started, no email leaves.
import type { Db } from '../db/client';
import { defaultSalesConfig } from '../config/sales';
import type { EngagementSetting } from '../domain/forecast/engagement';
import type { JourneyDefinition } from '../domain/journey/definition';
import { checkEntry, type CandidateAccount } from '../domain/journey/entry';
import { asAssigned, launchHoldout, type HoldoutPlan, type LaunchHoldout } from '../domain/measurement/holdout';
import { defaultContactPolicy } from '../domain/policy/contact-policy';
import type { EventTimes } from '../domain/programme-events/invite-schedule';
import { createEventActivities } from '../activities/programme-events';
import { holdoutPlanFor } from '../use-cases/holdout-groups';
import { loadForecastAccounts } from './load';
import type { ForecastReport } from './report';
import { forecastAccounts } from './simulate';


export type ForecastRequest = {
  definition: JourneyDefinition;
  journey: ForecastReport['journey'];
  accounts: CandidateAccount[];
  startMs: number;
  days: number;
  engagement: EngagementSetting;
};

export async function forecastJourney(db: Db, req: ForecastRequest): Promise<ForecastReport> {
  const notEligible: ForecastReport['notEligible'] = [];
  const eligible: CandidateAccount[] = [];
  for (const a of req.accounts) {
    const entry = checkEntry(req.definition.entry, { ...a, tier: a.tierOverride ?? a.tier });
    if (entry.admitted) eligible.push(a);
    else notEligible.push({ domain: a.domain, reason: entry.reason });
  }
  const plan = await holdoutPlanFor(db, req.journey.key, req.definition.holdout);
  const holdout = plan ? await forecastHoldout(db, req.journey.key, plan, eligible) : undefined;
  const admitted = eligible.filter((a) => !holdout?.heldOut.includes(a.domain)).map((a) => a.id);
  // The policy and MQA rule the worker runs with (worker/mailer.ts, activities/sales.ts).
  const policy = defaultContactPolicy;
  const inviteEvents = await loadInviteEvents(db, req.definition);
  const loaded = await loadForecastAccounts(db, admitted, req.startMs, policy, [...inviteEvents.keys()]);
  const accounts = await forecastAccounts(req.definition, loaded, {
    startMs: req.startMs,
    days: req.days,
    policy,
    defaultMqa: defaultSalesConfig.mqa,
    engagement: req.engagement,
    inviteEvents,
  });
  return {
    journey: req.journey,
    startMs: req.startMs,
    days: req.days,
    engagement: req.engagement,
    accounts,
    notEligible,
    ...(holdout ? { holdout } : {}),
    contacts: new Map(loaded.flatMap((a) => a.contacts.map((c) => [c.id, c]))),
  };
}

/**
 * Who a launch now would hold out (domain/measurement/holdout.ts), with the groups already assigned
 * for this journey key standing as a launch keeps them; read only, nothing is assigned.
 */
async function forecastHoldout(db: Db, journeyKey: string, plan: HoldoutPlan, eligible: readonly CandidateAccount[]): Promise<LaunchHoldout> {
  const earlier = asAssigned(await db.holdoutAssignment.findMany({ where: { journeyKey }, select: { accountId: true, stratum: true, group: true } }));
  return launchHoldout(eligible.map((a) => ({ accountId: a.id, tier: a.tierOverride ?? a.tier, domain: a.domain })), plan, earlier).summary;
}

/** The times of the events the journey's invite steps name, read as the invite step reads them; one not created yet is left out. */
export async function loadInviteEvents(db: Db, def: JourneyDefinition): Promise<Map<string, EventTimes>> {
  const { loadInviteEvent } = createEventActivities(db);
  const keys = new Set(def.stages.flatMap((s) => s.steps.flatMap((step) => (step.type === 'invite' ? [step.event] : []))));
  const events = new Map<string, EventTimes>();
  for (const eventKey of keys) {
    const event = await loadInviteEvent({ eventKey });
    if (event) events.set(eventKey, event);
  }
  return events;
}
