// The account's recent engagement, from its timeline, so a journey starts knowing what the buying
// group already did (a pricing click last week counts for its branches and its score).
import type { Db } from '../db/client';
import type { EngagementEvent } from '../domain/engagement/score';
import type { EventType, Role } from '../domain/journey/vocabulary';

const engagementTypes: EventType[] = ['opened', 'clicked', 'replied', 'visited', 'inquiry'];
const lookBackDays = 90;
// The same bound the journey keeps in memory (workflows/journey-state.ts).
const maxEvents = 500;

export function createEngagementHistoryActivities(db: Db) {
  return {
    async loadEngagementHistory(req: { accountId: string; untilMs: number }): Promise<EngagementEvent[]> {
      const touches = await db.touch.findMany({
        where: {
          accountId: req.accountId,
          type: { in: engagementTypes },
          at: { gte: new Date(req.untilMs - lookBackDays * 86_400_000), lte: new Date(req.untilMs) },
        },
        include: { contact: { select: { role: true } } },
        orderBy: { at: 'desc' },
        take: maxEvents,
      });
      return touches.reverse().map((t) => {
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
