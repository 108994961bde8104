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

export function createEngagementHistoryActivities(db: Db) {
  return {
    async loadEngagementHistory(req: { accountId: string; untilMs: number }): Promise<EngagementEvent[]> {
      const page = (skip: number) =>
        db.touch.findMany({
          where: {
            accountId: req.accountId,
            type: { in: engagementTypes },
            at: { gte: new Date(req.untilMs - lookBackDays * 86_400_000), lte: new Date(req.untilMs) },
          },
          include: { contact: { select: { role: true } } },
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          skip,
          take: pageSize,
        });
      // Newest first until the bound is reached, so touches that do not count never take the place
      // of ones that do.
      const recent: Awaited<ReturnType<typeof page>> = [];
      for (let skip = 0; recent.length < maxEvents; skip += pageSize) {
        const touches = await page(skip);
        recent.push(...touches.filter((t) => counted(t.detail)).slice(0, maxEvents - recent.length));
        if (touches.length < pageSize) break;
      }
      return recent.reverse().map((t) => {
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
    },
  };
}
