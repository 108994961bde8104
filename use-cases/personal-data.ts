// A person's rights over what Harpoon holds about them: a copy of it all (export), and its erasure.
// Erasure keeps the contact as an anonymous stub so the programme's counts stay true (an email was
// sent, a role engaged), removes every name and address from the database, the timeline and the
// outbox, keeps a hash so no later import or event brings them back, and tells running journeys.
import type { Prisma } from '../generated/prisma/client';
import { notifyContactChanges } from '../client/notify-contact-changes';
import type { Db, Tx } from '../db/client';
import { inTransaction } from '../db/transaction';
import { countsOnly, emailHash, erasedAddress, scrubJson, scrubText } from '../domain/privacy/erasure';
import { conflict, invalid, notFound } from '../domain/use-case-error';
import { outboxMessagesNaming, type OutboxEntry } from '../mail/outbox';
import { personLabel } from '../timeline/people';
import { cancelOpenRepTasks } from './cancel-rep-tasks';
import { emailKey } from '../domain/accounts/email-address';
import { withdrawFromEventsAhead } from '../programme-events/registrations';

type StoredContact = Prisma.ContactGetPayload<{ include: { account: { select: { id: true; domain: true; name: true } } } }>;

/** By Harpoon's id or by address (any case). */
async function contactFor(db: Db | Tx, ref: string): Promise<StoredContact> {
  const key = ref.trim();
  const contact = await db.contact.findFirst({
    where: { OR: [{ id: key }, { email: emailKey(key) }] },
    include: { account: { select: { id: true, domain: true, name: true } } },
  });
  if (!contact) {
    const erased = key.includes('@') ? await db.suppression.findUnique({ where: { emailHash: emailHash(key) } }) : null;
    if (erased) throw notFound(`the person with the address "${ref}" was erased on ${erased.createdAt.toISOString().slice(0, 10)}: Harpoon keeps only a hash of it, so that nobody mails them again`);
    throw notFound(`no contact "${ref}": give the contact's e-mail address or id (an account's contacts: "harpoon accounts show <domain>")`);
  }
  return contact;
}

/** What identifies the person in free text: the address, and the name when there is one. */
const identifiersOf = (c: { email: string; firstName: string | null; lastName: string | null }) => [...new Set([c.email, personLabel(c)])];

const mentions = (value: unknown, identifiers: readonly string[]) => {
  const text = JSON.stringify(value ?? null).toLowerCase();
  return identifiers.some((i) => text.includes(i.toLowerCase()));
};

export async function exportPersonalData(db: Db, ref: string, outboxDir: string) {
  const contact = await contactFor(db, ref);
  const identifiers = identifiersOf(contact);
  const [touches, emailSends, eventRegistrations, tasks, repTasks, reviews, unmatchedEvents, unmatchedAttendance, messages] = await Promise.all([
    db.touch.findMany({ where: { contactId: contact.id }, orderBy: { at: 'asc' }, select: { type: true, at: true, journeyKey: true, detail: true } }),
    db.emailSend.findMany({ where: { contactId: contact.id }, orderBy: [{ createdAt: 'asc' }, { idempotencyKey: 'asc' }], select: { templateKey: true, stepPath: true, messageId: true, status: true, skipReason: true, createdAt: true, sentAt: true } }),
    db.eventRegistration.findMany({ where: { contactId: contact.id }, select: { event: { select: { key: true, title: true } }, status: true, invitedAt: true, respondedAt: true, attendedAt: true } }),
    db.salesTask.findMany({ where: { accountId: contact.accountId }, select: { id: true, status: true, createdAt: true, evidence: true } }),
    db.repTask.findMany({ where: { accountId: contact.accountId }, orderBy: { createdAt: 'asc' }, select: { id: true, contactId: true, channel: true, title: true, instructions: true, status: true, note: true, createdAt: true, dueAt: true, closedAt: true } }),
    db.review.findMany({ where: { accountId: contact.accountId }, select: { id: true, status: true, createdAt: true, evidence: true } }),
    db.unmatchedEvent.findMany({ where: { email: contact.email }, select: { type: true, occurredAt: true, properties: true } }),
    db.unmatchedAttendance.findMany({ where: { email: contact.email }, select: { attended: true, file: true, importedAt: true } }),
    outboxMessagesNaming(outboxDir, identifiers),
  ]);
  const { account, ...person } = contact;
  return {
    exportedAt: new Date().toISOString(),
    contact: person,
    account: { domain: account.domain, name: account.name },
    timeline: touches,
    emails: emailSends,
    eventRegistrations,
    // Handoffs and reviews of the account whose evidence names the person.
    salesHandoffs: tasks.filter((t) => mentions(t.evidence, [...identifiers, contact.id])),
    reviews: reviews.filter((r) => mentions(r.evidence, [...identifiers, contact.id])),
    // Rep tasks about the person, or whose words name them.
    repTasks: repTasks.filter((t) => t.contactId === contact.id || mentions([t.title, t.instructions, t.note], identifiers)).map(({ contactId: _about, ...task }) => task),
    unmatchedEvents,
    unmatchedAttendance,
    storedMessages: messages,
  };
}

export type ErasureReport = {
  contactId: string;
  account: string;
  /** Touches kept as anonymous counts (their details cut to what the metrics need). */
  touchesAnonymised: number;
  /** Other records of the account (handoff and review evidence, rep task notes, timeline entries, delivery errors) with the name or address taken out. */
  mentionsRemoved: number;
  /** Events and attendance rows of the address that matched no contact, deleted. */
  unmatchedDeleted: number;
  /** Seats, waitlist places and invitations to events ahead given up (a seat goes to the waitlist's first). */
  eventAnswersWithdrawn: number;
  /** Messages in the local outbox that named the person, deleted. */
  messagesDeleted: OutboxEntry[];
  /** Deliveries queued to the account's running journeys (they stop mailing the person). */
  journeysTold: number;
  /** The reason as kept with the suppression and in the audit log: the person's address and names taken out. */
  reasonKept: string;
};

export async function erasePersonalData(db: Db, ref: string, opts: { reason: string; outboxDir: string }): Promise<ErasureReport> {
  const reason = opts.reason.trim();
  if (reason === '') throw invalid('reason: say why the person is erased, e.g. "their request of 2026-12-01"', [], [{ field: 'reason', message: 'expected a reason' }]);
  const erasedAt = new Date();
  // Kept across attempts: on PostgreSQL a write conflict (at COMMIT, say) runs the body again, and
  // the messages an attempt that rolled back deleted are gone all the same; the report names them.
  const messagesDeleted: OutboxEntry[] = [];
  const report = await inTransaction(db, async (tx) => {
    const contact = await contactFor(tx, ref);
    if (contact.erasedAt) throw conflict(`contact ${contact.id} was already erased on ${contact.erasedAt.toISOString().slice(0, 10)}`);
    const identifiers = identifiersOf(contact);
    const scrub = <T>(value: T) => scrubJson(value, identifiers) as Prisma.InputJsonValue;
    // The reason outlives the erasure (with the suppression, and in the append-only audit log), and
    // is often written as "request by email from <address> (<name>)": it keeps neither, nor the
    // first or last name alone, which in the person's own erasure reason can only be theirs.
    const names = [contact.firstName, contact.lastName].flatMap((n) => (n ? [n] : []));
    const kept = scrubText(reason, [...identifiers, ...names].sort((a, b) => b.length - a.length));

    await tx.suppression.upsert({ where: { emailHash: emailHash(contact.email) }, create: { emailHash: emailHash(contact.email), reason: kept }, update: {} });
    await tx.contact.update({
      where: { id: contact.id },
      data: { email: erasedAddress(contact.id), firstName: null, lastName: null, title: null, timezone: null, consent: 'do_not_contact', consentSource: 'erased on request', consentAt: erasedAt, erasedAt },
    });

    const own = await tx.touch.findMany({ where: { contactId: contact.id }, select: { id: true, detail: true } });
    for (const t of own) await tx.touch.update({ where: { id: t.id }, data: { detail: countsOnly(t.detail, identifiers) as Prisma.InputJsonValue } });

    let mentionsRemoved = 0;
    const others = await tx.touch.findMany({ where: { accountId: contact.accountId, NOT: { contactId: contact.id } }, select: { id: true, detail: true } });
    for (const t of others.filter((t) => mentions(t.detail, identifiers))) {
      await tx.touch.update({ where: { id: t.id }, data: { detail: scrub(t.detail) } });
      mentionsRemoved++;
    }
    const sends = await tx.emailSend.findMany({ where: { accountId: contact.accountId, error: { not: null } }, select: { idempotencyKey: true, error: true } });
    for (const s of sends.filter((s) => mentions(s.error, identifiers))) {
      await tx.emailSend.update({ where: { idempotencyKey: s.idempotencyKey }, data: { error: scrubText(s.error!, identifiers) } });
      mentionsRemoved++;
    }
    const tasks = await tx.salesTask.findMany({ where: { accountId: contact.accountId }, select: { id: true, evidence: true, reason: true, note: true } });
    for (const t of tasks.filter((t) => mentions([t.evidence, t.reason, t.note], identifiers))) {
      await tx.salesTask.update({ where: { id: t.id }, data: { evidence: scrub(t.evidence), reason: t.reason && scrubText(t.reason, identifiers), note: t.note && scrubText(t.note, identifiers) } });
      mentionsRemoved++;
    }
    const repTasks = await tx.repTask.findMany({ where: { accountId: contact.accountId }, select: { id: true, note: true } });
    for (const t of repTasks.filter((t) => mentions(t.note, identifiers))) {
      await tx.repTask.update({ where: { id: t.id }, data: { note: scrubText(t.note!, identifiers) } });
      mentionsRemoved++;
    }
    // No rep calls, writes to or messages a person erased on their request.
    await cancelOpenRepTasks(tx, { of: { contactIds: [contact.id] }, why: 'the person was erased on their request: nobody may contact them now', at: erasedAt });
    const eventAnswersWithdrawn = await withdrawFromEventsAhead(tx, contact.id, erasedAt, 'the person was erased on their request');
    const reviews = await tx.review.findMany({ where: { accountId: contact.accountId }, select: { id: true, facts: true, evidence: true, reason: true } });
    for (const r of reviews.filter((r) => mentions([r.facts, r.evidence, r.reason], identifiers))) {
      await tx.review.update({ where: { id: r.id }, data: { facts: scrub(r.facts), evidence: scrub(r.evidence), reason: r.reason && scrubText(r.reason, identifiers) } });
      mentionsRemoved++;
    }
    const unmatched =
      (await tx.unmatchedEvent.deleteMany({ where: { email: contact.email } })).count + (await tx.unmatchedAttendance.deleteMany({ where: { email: contact.email } })).count;

    // Last, inside the transaction: if a file cannot be deleted, nothing is erased and the erasure
    // can be run again, whereas after the commit the address to look for would be gone.
    messagesDeleted.push(...(await outboxMessagesNaming(opts.outboxDir, identifiers, { remove: true })));
    return { contactId: contact.id, account: contact.account.domain, touchesAnonymised: own.length, mentionsRemoved, unmatchedDeleted: unmatched, eventAnswersWithdrawn, reasonKept: kept };
  });
  // After the commit, so a journey never hears of an erasure that did not happen. Sends check consent
  // live, so the person gets nothing more even before their journeys hear.
  const journeysTold = await notifyContactChanges(db, erasedAt);
  return { ...report, messagesDeleted, journeysTold };
}
