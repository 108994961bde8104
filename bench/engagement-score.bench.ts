// The journey workflow recomputes summarizeEngagement over all its kept events (at most 500) on
// every engagement signal and query, so its cost must grow no faster than the event count. Both
// sides make 10,000 calls: over 500 events (the cap) and over 50 (the baseline).
import { buyingGroupRoles } from '../domain/accounts/vocabulary';
import { summarizeEngagement, type EngagementEvent } from '../domain/engagement/score';
import { seededRandom } from '../domain/forecast/engagement';
import type { EventType } from '../domain/journey/vocabulary';
import { elapsedMs, fmtBytes, fmtMs, interleavedMedians, retainedHeapBytes, type BenchResult } from './support';

const CALLS = 10_000;
const EVENTS = 500;
const BASELINE_EVENTS = 50;
const RUNS = 5;
const GOAL = 15;

const dayMs = 86_400_000;
const nowMs = Date.UTC(2026, 10, 23, 12);

// Roughly what a buying group produces: mostly opens, some clicks and visits, few replies.
const typeMix: [EventType, number][] = [['opened', 0.55], ['clicked', 0.2], ['visited', 0.15], ['replied', 0.06], ['inquiry', 0.02], ['unsubscribed', 0.01], ['bounced', 0.01]];

/** An account's events over 90 days from 15 contacts, oldest first as the workflow keeps them. */
function accountEvents(count: number): EngagementEvent[] {
  const next = seededRandom(42);
  const pickType = () => {
    let r = next();
    for (const [type, share] of typeMix) if ((r -= share) < 0) return type;
    return 'opened';
  };
  const events = Array.from({ length: count }, (_, i): EngagementEvent => {
    const contact = Math.floor(next() * 15);
    const type = pickType();
    return {
      eventId: `evt-${i}`,
      type,
      contactId: `con-${contact}`,
      role: buyingGroupRoles[contact % buyingGroupRoles.length],
      tag: (type === 'clicked' || type === 'visited') && next() < 0.3 ? 'Pricing' : undefined,
      atMs: nowMs - Math.floor(next() * 90 * dayMs),
    };
  });
  return events.sort((a, b) => a.atMs - b.atMs);
}

/** Sums the scores so the calls cannot be optimised away, and so both sides can be compared. */
function callRepeatedly(events: EngagementEvent[]): number {
  let total = 0;
  for (let i = 0; i < CALLS; i++) total += summarizeEngagement(events, nowMs).score;
  return total;
}

export async function run(): Promise<BenchResult> {
  const full = accountEvents(EVENTS);
  // The newest 50, the same mix the workflow would hold early in a journey.
  const few = full.slice(-BASELINE_EVENTS);
  callRepeatedly(full);
  callRepeatedly(few);

  const { measuredMs, baselineMs } = await interleavedMedians(
    RUNS,
    () => elapsedMs(async () => callRepeatedly(full)),
    () => elapsedMs(async () => callRepeatedly(few)),
  );

  const before = retainedHeapBytes();
  const fullScore = callRepeatedly(full) / CALLS;
  const retained = retainedHeapBytes() - before;

  const ratio = measuredMs / baselineMs;
  const perCallUs = (ms: number) => `${((ms * 1000) / CALLS).toFixed(1)} µs/call`;
  return {
    name: 'engagement-score',
    measurement: fmtMs(measuredMs),
    baseline: fmtMs(baselineMs),
    ratio,
    goal: `${EVENTS}/${BASELINE_EVENTS} events ≤ ${GOAL}×`,
    pass: ratio <= GOAL,
    notes: [
      `measured: ${CALLS.toLocaleString('en')} calls of summarizeEngagement over ${EVENTS} events (${perCallUs(measuredMs)}); median of ${RUNS}`,
      `baseline: the same calls over the newest ${BASELINE_EVENTS} of them (${perCallUs(baselineMs)}); median of ${RUNS}`,
      `heap retained after ${CALLS.toLocaleString('en')} calls over ${EVENTS} events, after a full GC: ${fmtBytes(retained)}`,
      `the account scores ${fullScore} with ${EVENTS} events and ${callRepeatedly(few) / CALLS} with ${BASELINE_EVENTS}`,
    ],
    checks: [],
  };
}
