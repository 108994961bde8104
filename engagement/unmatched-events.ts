// Events an outside system sent about people Harpoon did not know yet (kept in UnmatchedEvent by
// engagement/ingest-events.ts) reach those people once a contacts import brings them: on their
// timeline and to their account's running journeys, as if they had been known when the events came,
// in the import's transaction. Their ids were claimed when they came, so a resent event is still a
// duplicate, and each is recorded once.
import type { Tx } from '../db/client';
import { eventTypes, type EventType } from '../domain/journey/vocabulary';
import { ingestedEngagement } from './ingest-events';
import { recordEngagementsIn } from './record-engagement';

type NewContact = { id: string; email: string; accountId: string; role: string };

/** Records the kept events of these contacts (by email) and lets them go from the unmatched; how many. */
export async function attachUnmatchedEvents(tx: Tx, contacts: readonly NewContact[]): Promise<number> {
  if (contacts.length === 0) return 0;
  const byEmail = new Map(contacts.map((c) => [c.email, c]));
  const kept = await tx.unmatchedEvent.findMany({ where: { email: { in: [...byEmail.keys()] } }, orderBy: { occurredAt: 'asc' } });
  const inputs = kept.flatMap((e) => {
    const contact = byEmail.get(e.email!);
    if (!contact || !(eventTypes as readonly string[]).includes(e.type)) return [];
    return [ingestedEngagement({ id: e.id, type: e.type as EventType, at: e.occurredAt, properties: e.properties as Record<string, unknown> | null }, contact)];
  });
  await recordEngagementsIn(tx, inputs, { idsClaimed: true });
  await tx.unmatchedEvent.deleteMany({ where: { id: { in: kept.map((e) => e.id) } } });
  return inputs.length;
}
