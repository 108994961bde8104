// The journey's state as it outlives a run (carried into the next one when it continues as new) and
// the shapes it is made of; the workflow's public surface (workflows/journey-api.ts) re-exports them.
import type { EngagementEvent } from '../engagement/score';
import type { Position } from './engine';
import type { StepPace } from './step-pace';

export type TimelineEntry = { atMs: number; kind: 'journey' | 'stage' | 'email' | 'event' | 'wait' | 'branch' | 'task'; text: string };

/**
 * An event as the journey keeps it. `heard`: delivered while the journey ran, not loaded at its start
 * from what came before: such an event is news to the journey whenever it happened, as a form filled
 * an hour before the launch and delivered by an hourly sync after it.
 */
export type HeardEvent = EngagementEvent & { heard?: true };

/** What a journey carries into its next run when it continues as new. */
export type CarriedState = {
  startedAtMs: number;
  position: Position;
  stageEnteredAtMs: number;
  paused: boolean;
  events: HeardEvent[];
  seenEventIds: string[];
  visits: Record<string, number>;
  timeline: TimelineEntry[];
  /** A wait in progress when the run rolled over, so the new run sleeps until the same moment. */
  waitUntilMs?: number;
  /** When the next account review is due, so the cadence survives the roll-over. */
  nextReviewAtMs?: number;
  /** The steps run in the current hour, so a journey that loops without waiting is stopped across roll-overs. */
  stepPace?: StepPace;
};

export type JourneyStatusName = 'running' | 'paused' | 'completed' | 'stopped';

/**
 * Moves a running journey to a newly published version at its next safe point (a wait, or between
 * steps): `migrate` to the step with the same id, `restart` from the new version's first step.
 * `stepIds` are the new version's step ids, so the validator refuses a journey whose step is gone.
 */
export type VersionChange = { version: 1; journeyVersion: number; mode: 'migrate' | 'restart'; stepIds: string[] };
