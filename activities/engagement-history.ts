// The account's recent engagement, from its timeline, so a journey starts knowing what the buying
// group already did (a pricing click last week counts for its branches and its score). Touches that
// were never delivered to journeys (detail.counted === false: machine-made opens and clicks) are
// left out here too, so a journey started later sees what a running one saw.
import type { Db } from '../db/client';
import type { EngagementEvent } from '../domain/engagement/score';
import type { EventType, Role } from '../domain/journey/vocabulary';

const engagementTypes: EventType[] = ['opened', 'clicked', 'replied', 'visited', 'inquiry', 'event_registered', 'event_waitlisted', 'event_attended'];
const lookBackDays = 90;
// The same bound the journey keeps in memory (domain/journey/journey-state.ts).
const maxEvents = 500;
const pageSize = maxEvents;

/** Touches kept on the timeline only: machine-made opens and clicks that reached no journey. */
const counted = (detail: unknown) => (detail as { counted?: unknown } | null)?.counted !== false;

type HistoryTouch = { id: string; idempotencyKey: string | null; type: string; contactId: string | null; contact: { role: string } | null; detail: unknown; at: Date };

const historyWhere = (untilMs: number) => ({
  type: { in: engagementTypes },
  at: { gte: new Date(untilMs - lookBackDays * 86_400_000), lte: new Date(untilMs) },
});

/** Touches newest first (at, then id), as journeys read them: the counted ones, oldest first, at most the bound. */
function historyOf(newestFirst: readonly HistoryTouch[]): EngagementEvent[] {
  return newestFirst
    .filter((t) => counted(t.detail))
    .slice(0, maxEvents)
    .reverse()
    .map((t) => {
      const tag = (t.detail as { tag?: unknown } | null)?.tag;
      return {
        // The id the event was signalled with, so a signal and this history never count twice.
        eventId: t.idempotencyKey?.replace(/^event\|/, '') ?? t.id,
        type: t.type as EventType,
        ...(t.contactId ? { contactId: t.contactId } : {}),
        ...(t.contact ? { role: t.contact.role as Role } : {}),
        ...(typeof tag === 'string' ? { tag } : {}),
        atMs: t.at.getTime(),
      };
    });
}

export function createEngagementHistoryActivities(db: Db) {
  return {
    async loadEngagementHistory(req: { accountId: string; untilMs: number }): Promise<EngagementEvent[]> {
      const page = (skip: number) =>
        db.touch.findMany({
          where: { accountId: req.accountId, ...historyWhere(req.untilMs) },
          include: { contact: { select: { role: true } } },
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          skip,
          take: pageSize,
        });
      // Newest first until the bound is reached, so touches that do not count never take the place
      // of ones that do.
      const recent: HistoryTouch[] = [];
      for (let skip = 0; recent.filter((t) => counted(t.detail)).length < maxEvents; skip += pageSize) {
        const touches = await page(skip);
        recent.push(...touches);
        if (touches.length < pageSize) break;
      }
      return historyOf(recent);
    },
  };
}

/**
 * The same history for many accounts in a few queries (the forecast's thousands of accounts): each
 * account's touches of the look-back window, in chunks of accounts.
 */
export async function loadEngagementHistories(db: Db, accountIds: readonly string[], untilMs: number): Promise<Map<string, EngagementEvent[]>> {
  const histories = new Map<string, EngagementEvent[]>();
  const chunk = 500;
  for (let from = 0; from < accountIds.length; from += chunk) {
    const ids = accountIds.slice(from, from + chunk);
    const touches = await db.touch.findMany({
      where: { accountId: { in: ids }, ...historyWhere(untilMs) },
      include: { contact: { select: { role: true } } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
    });
    const byAccount = new Map<string, HistoryTouch[]>(ids.map((id) => [id, []]));
    for (const t of touches) byAccount.get(t.accountId)?.push(t);
    for (const [id, newestFirst] of byAccount) histories.set(id, historyOf(newestFirst));
  }
  return histories;
}
