// What GET /v1/contacts/:ref/personal-data and POST /v1/contacts/:ref/erase answer
// (use-cases/personal-data.ts exportPersonalData / erasePersonalData), declared so the document types
// them and nothing of a person's data is dropped from their copy. Dates of stored rows are Date
// objects in the handler and ISO strings on the wire.
import { z } from 'zod';

const json = z.unknown().describe('free JSON, as stored');

const outboxEntry = z.object({ file: z.string(), messageId: z.string(), date: z.string(), from: z.string(), to: z.string(), subject: z.string() });

export const personalDataExport = z
  .object({
    exportedAt: z.string(),
    contact: z.object({
      id: z.string(),
      accountId: z.string(),
      email: z.string(),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      title: z.string().nullable(),
      role: z.string(),
      seniority: z.string().nullable(),
      timezone: z.string().nullable(),
      consent: z.string(),
      consentSource: z.string().nullable(),
      consentAt: z.date().nullable(),
      erasedAt: z.date().nullable(),
      createdAt: z.date(),
      updatedAt: z.date(),
    }),
    account: z.object({ domain: z.string(), name: z.string() }),
    timeline: z.array(z.object({ type: z.string(), at: z.date(), journeyKey: z.string().nullable(), detail: json })),
    emails: z.array(
      z.object({
        templateKey: z.string(),
        stepPath: z.string(),
        messageId: z.string(),
        status: z.string(),
        skipReason: z.string().nullable(),
        createdAt: z.date(),
        sentAt: z.date().nullable(),
      }),
    ),
    eventRegistrations: z.array(
      z.object({ event: z.object({ key: z.string(), title: z.string() }), status: z.string(), invitedAt: z.date(), respondedAt: z.date().nullable(), attendedAt: z.date().nullable() }),
    ),
    salesHandoffs: z.array(z.object({ id: z.string(), status: z.string(), createdAt: z.date(), evidence: json })).describe("the account's handoffs whose evidence names the person"),
    reviews: z.array(z.object({ id: z.string(), status: z.string(), createdAt: z.date(), evidence: json })).describe("the account's reviews whose evidence names the person"),
    repTasks: z
      .array(
        z.object({
          id: z.string(),
          channel: z.string(),
          title: z.string(),
          instructions: z.string().nullable(),
          status: z.string(),
          note: z.string().nullable(),
          createdAt: z.date(),
          dueAt: z.date(),
          closedAt: z.date().nullable(),
        }),
      )
      .describe("the account's rep tasks about the person or whose words name them"),
    unmatchedEvents: z.array(z.object({ type: z.string(), occurredAt: z.date(), properties: json })),
    unmatchedAttendance: z.array(z.object({ attended: z.boolean(), file: z.string(), importedAt: z.date() })),
    storedMessages: z.array(outboxEntry).describe('messages in the local outbox that name the person'),
  })
  .meta({ id: 'PersonalDataExport' });

export const erasureReport = z
  .object({
    contactId: z.string(),
    account: z.string(),
    touchesAnonymised: z.number().int(),
    mentionsRemoved: z.number().int(),
    unmatchedDeleted: z.number().int(),
    eventAnswersWithdrawn: z.number().int().describe('seats, waitlist places and invitations to events ahead given up; a seat goes to the first on the waitlist'),
    messagesDeleted: z.array(outboxEntry),
    journeysTold: z.number().int(),
  })
  .meta({ id: 'ErasureReport' });
