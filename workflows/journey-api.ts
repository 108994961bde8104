// The journey workflow's public surface: its input, signals, updates and queries. Clients (CLI,
// HTTP server, tests) import these definitions; payloads carry IDs and a version, never personal data.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ConsentState, PoolStatus } from '../domain/accounts/vocabulary';
import type { EngagementEvent, EngagementSummary } from '../domain/engagement/score';
import type { CarriedState, JourneyStatusName, TimelineEntry, VersionChange } from '../domain/journey/carried-state';

export type { CarriedState, JourneyStatusName, TimelineEntry, VersionChange };

export type AccountJourneyInput = {
  version: 1;
  journeyKey: string;
  journeyVersion: number;
  accountId: string;
  carried?: CarriedState;
  /** Roll over into a new run after this many history events (Temporal's suggestion also counts). */
  historyLimit?: number;
  /**
   * Which entry of the account into the journey this is (re-entry, domain/journey/reentry.ts);
   * absent for the first. Later entries number their steps apart, so their sends are new emails.
   */
  entry?: number;
  /**
   * Whether the journey records the steps it enters (StepVisit): set by journeys begun after step
   * records existed and carried by each roll-over, so a journey's visits are all there or none are.
   */
  recordsSteps?: boolean;
  /** Whether late-delivered events count for eventSeen (journey-begin.ts): set by the first run, carried by each roll-over. */
  countsLateEvents?: boolean;
};

export type JourneyView = {
  journeyKey: string;
  journeyVersion: number;
  accountId: string;
  status: JourneyStatusName;
  stage: string;
  step: { id: string; type: string } | null;
  nextWakeAtMs: number | null;
  engagement: EngagementSummary;
  timeline: TimelineEntry[];
  exitReason?: string;
};

/** An engagement event as the journey receives it; the version lets old runs decode later shapes. */
export type EngagementSignal = EngagementEvent & { version: 1 };

export type ContactChangedSignal = {
  version: 1;
  /**
   * Set by the engagement outbox, which delivers at least once: the journey ignores an id it has
   * already seen. Signals sent before the outbox existed have none.
   */
  eventId?: string;
  contactId: string;
  change: 'added' | 'removed' | 'consent';
  consent?: ConsentState;
};

/**
 * The account left the pool (retired, excluded): the journey checks its goals, and `account_retired`
 * ends it. From accounts/status-history.ts, through the outbox, at least once (`eventId`).
 */
export type AccountChangedSignal = { version: 1; eventId: string; poolStatus: PoolStatus };

/**
 * A programme event's time changed (programme-events/event-file.ts, through the outbox, at least
 * once): an invite step waiting on it plans its reminders, answers' close and wait for attendance
 * again, at once rather than at its next planned moment. `eventId` names the change, for the outbox.
 */
export type ProgrammeEventMovedSignal = { version: 1; eventId: string; eventKey: string };

export const engagementSignal = defineSignal<[EngagementSignal]>('engagement');
export const programmeEventMovedSignal = defineSignal<[ProgrammeEventMovedSignal]>('programmeEventMoved');
export const accountChangedSignal = defineSignal<[AccountChangedSignal]>('accountChanged');
export const contactChangedSignal = defineSignal<[ContactChangedSignal]>('contactChanged');
export const pauseSignal = defineSignal<[{ reason?: string }?]>('pause');
export const resumeSignal = defineSignal('resume');
export const stopSignal = defineSignal<[{ reason: string }]>('stop');

export type MoveToStageResult = { from: string; to: string };
export const moveToStageUpdate = defineUpdate<MoveToStageResult, [{ stage: string; reason?: string }]>('moveToStage');
export const skipWaitUpdate = defineUpdate<{ skipped: string }, []>('skipWait');

export type VersionChangeResult = { from: number; to: number; mode: VersionChange['mode']; step: string | null };
export const changeVersionUpdate = defineUpdate<VersionChangeResult, [VersionChange]>('changeVersion');

export const statusQuery = defineQuery<JourneyView>('status');
/** What the status query answers, as a failed query, while a run is still beginning (its first activity). */
export const stillBeginning = 'the journey is still beginning (loading its definition, account and engagement); ask again in a moment';

/**
 * A rep task the journey may wait on was closed: by its rep (use-cases/rep-tasks.ts), or taken back
 * because its contact or account may no longer be touched (use-cases/cancel-rep-tasks.ts). IDs and
 * the status only; the handler keeps any status, so `cancelled` needed no change to it.
 */
export type RepTaskClosedSignal = { version: 1; taskId: string; status: 'done' | 'skipped' | 'cancelled' };
export const repTaskClosedSignal = defineSignal<[RepTaskClosedSignal]>('repTaskClosed');
