// The journey's in-memory state with small pure methods, shared by the runner (runner.ts), the
// workflow's handlers and the forecast. Deterministic: time always comes in as an argument.
import { summarizeEngagement, type EngagementEvent, type EngagementSummary } from '../engagement/score';
import { startPosition, type JourneyFacts, type Position, type SeenEvent } from './engine';
import type { JourneyDefinition } from './definition';
import type { PendingMove } from './run-rules';
import { isStatusNews } from '../sales/status-news';
import type { TaskStatus } from '../sales/vocabulary';
import type { RepTaskStatus } from '../sales/rep-task';
import type { CarriedState, HeardEvent, JourneyStatusName, TimelineEntry, VersionChange } from './carried-state';
import type { StepPace } from './step-pace';

const timelineLength = 50;
// Old events weigh next to nothing after decay; bounding them keeps the carried state small.
const keptEvents = 500;
const keptEventIds = 2000;


export class JourneyState {
  position: Position;
  stageEnteredAtMs: number;
  startedAtMs: number;
  status: JourneyStatusName = 'running';
  paused: boolean;
  events: HeardEvent[];
  /**
   * Whether an event heard while the journey ran counts for `eventSeen` even though it happened
   * before the journey started (a late delivery). Set by the workflow for runs begun since it does
   * (patch `late-events-qualify`), so older histories replay the rule they ran with: only events
   * that happened after the start.
   */
  countsLateEvents = false;
  seenEventIds: string[];
  visits: Record<string, number>;
  timeline: TimelineEntry[];
  waitUntilMs: number | undefined;
  /** When the account's next review is due (workflows/review-loop.ts); carried across runs. */
  nextReviewAtMs: number | undefined;
  /** Steps run in the current hour (step-pace.ts); carried across runs, so a loop cannot outrun it by rolling over. */
  stepPace: StepPace | undefined;

  // Requests from handlers, taken by the main loop at its next turn.
  pendingMove: PendingMove | undefined;
  stopReason: string | undefined;
  skipWaitRequested = false;
  /** How often each programme event was heard to move in this run; an invite step waiting on it wakes (workflows/invite-step.ts). */
  programmeEventMoves: Record<string, number> = {};
  goalCheckDue = false;
  /** Engagement changed in a journey that hands off: check the MQA rule at the next turn. */
  handoffCheckDue = false;
  /** The account's open sales task as this run knows it, and the end of a rejection's cooldown. */
  salesTaskId: string | undefined;
  handoffBlockedUntilMs = 0;
  /** The latest status heard of each sales task this run waits on or waited on. */
  taskStatuses: Record<string, TaskStatus> = {};
  /** How each rep task this run created ended, as the rep closed it (a signal) or its wait expired it. */
  repTaskEnds: Record<string, RepTaskStatus> = {};
  /** The rep task a rep_task step waits on, kept when a version change takes the wait's turn. */
  waitingRepTaskId: string | undefined;
  /** A review is being opened and its workflow started: a roll-over waits for that to finish. */
  reviewing = false;
  /**
   * Activities and rule-review children of the review loop still in flight. A run that closes with
   * one in flight strands it (its result, or the child's completion, arrives for a closed run), so
   * the run waits for this to be 0 before it ends or rolls over (README, "Why the test clock once stopped").
   */
  reviewWork = 0;
  exitReason: string | undefined;
  /** A newer version to move to at the next safe point (the changeVersion Update). */
  versionChange: VersionChange | undefined;
  /** Events added by this run so far, so a wait_for step sees only those that arrive while it waits. */
  eventsReceived = 0;
  currentStep: { id: string; type: string } | null = null;

  constructor(def: JourneyDefinition, nowMs: number, carried?: CarriedState) {
    this.position = carried?.position ?? startPosition(def);
    this.stageEnteredAtMs = carried?.stageEnteredAtMs ?? nowMs;
    this.startedAtMs = carried?.startedAtMs ?? nowMs;
    this.paused = carried?.paused ?? false;
    this.events = carried?.events ?? [];
    this.seenEventIds = carried?.seenEventIds ?? [];
    this.visits = carried?.visits ?? {};
    this.timeline = carried?.timeline ?? [];
    this.waitUntilMs = carried?.waitUntilMs;
    this.nextReviewAtMs = carried?.nextReviewAtMs;
    this.stepPace = carried?.stepPace;
  }

  get ended(): boolean {
    return this.status === 'completed' || this.status === 'stopped';
  }

  note(atMs: number, kind: TimelineEntry['kind'], text: string): void {
    this.timeline.push({ atMs, kind, text });
    if (this.timeline.length > timelineLength) this.timeline.splice(0, this.timeline.length - timelineLength);
  }

  /** Remembers a delivered event id; false when it was seen before (deliveries come at least once). */
  firstSighting(eventId: string): boolean {
    if (this.seenEventIds.includes(eventId)) return false;
    this.seenEventIds.push(eventId);
    if (this.seenEventIds.length > keptEventIds) this.seenEventIds.splice(0, this.seenEventIds.length - keptEventIds);
    return true;
  }

  /** Adds an event once (events are delivered at least once); false when it was already counted. */
  addEvent(event: EngagementEvent, heard = false): boolean {
    if (!this.firstSighting(event.eventId)) return false;
    this.events.push(heard ? { ...event, heard: true } : event);
    this.eventsReceived++;
    if (this.events.length > keptEvents) this.events.splice(0, this.events.length - keptEvents);
    return true;
  }

  engagement(nowMs: number): EngagementSummary {
    return summarizeEngagement(this.events, nowMs);
  }

  facts(nowMs: number, tier: number | null): JourneyFacts {
    const eventsSeen: SeenEvent[] = this.events
      .filter((e) => e.atMs >= this.startedAtMs || (this.countsLateEvents && e.heard === true))
      .map((e) => (e.tag === undefined ? { type: e.type } : { type: e.type, tag: e.tag }));
    return { nowMs, tier, stageEnteredAtMs: this.stageEnteredAtMs, engagement: this.engagement(nowMs), eventsSeen };
  }

  /** Events that arrived after the mark (a value of eventsReceived), oldest first. */
  eventsSince(mark: number): EngagementEvent[] {
    const count = this.eventsReceived - mark;
    return count <= 0 ? [] : this.events.slice(-count);
  }

  /** Notes a task's status; false when it is no news (heard already, or older than what was heard). */
  hearTask(taskId: string, status: TaskStatus): boolean {
    if (!isStatusNews(this.taskStatuses[taskId], status)) return false;
    this.taskStatuses[taskId] = status;
    return true;
  }

  /** Each execution of a step gets its own number, so a step reached again sends again. */
  nextVisit(stepId: string): number {
    this.visits[stepId] = (this.visits[stepId] ?? 0) + 1;
    return this.visits[stepId];
  }

  /** Something a wait must wake up for. */
  get interrupted(): boolean {
    return this.stopReason !== undefined || this.pendingMove !== undefined || this.skipWaitRequested || this.goalCheckDue || this.handoffCheckDue;
  }

  carry(waitUntilMs?: number): CarriedState {
    return {
      startedAtMs: this.startedAtMs,
      position: this.position,
      stageEnteredAtMs: this.stageEnteredAtMs,
      paused: this.paused,
      events: this.events,
      seenEventIds: this.seenEventIds,
      visits: this.visits,
      timeline: this.timeline,
      waitUntilMs,
      ...(this.nextReviewAtMs !== undefined ? { nextReviewAtMs: this.nextReviewAtMs } : {}),
      ...(this.stepPace !== undefined ? { stepPace: this.stepPace } : {}),
    };
  }
}
