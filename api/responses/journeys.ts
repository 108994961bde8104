// What the /v1/journeys routes answer (journeys/catalog.ts, use-cases/launch.ts,
// use-cases/journey-status.ts), declared so the document types every success response.
import { z } from 'zod';

const problem = z.object({ path: z.string(), message: z.string() });

export const validationReply = z
  .discriminatedUnion('ok', [z.object({ ok: z.literal(true), key: z.string() }), z.object({ ok: z.literal(false), problems: z.array(problem) })])
  .meta({ id: 'JourneyValidation' });

export const publishedJourney = z
  .object({
    key: z.string(),
    version: z.number().int(),
    name: z.string(),
    publishedAt: z.date(),
    created: z.boolean().describe('false: the definition was unchanged and kept its version'),
    notes: z.array(z.string()).describe('what the version will meet when it runs: an invite step whose event does not exist yet'),
  })
  .meta({ id: 'PublishedJourney' });

export const journeySummary = z
  .object({
    key: z.string(),
    name: z.string(),
    latestVersion: z.number().int(),
    publishedAt: z.string(),
    journeys: z.record(z.string(), z.number().int()).describe('accounts by journey status'),
  })
  .meta({ id: 'JourneySummary' });

export const launchReply = z
  .object({
    journeyKey: z.string(),
    journeyVersion: z.number().int(),
    started: z.array(z.string()),
    alreadyRunning: z.array(z.string()),
    notEligible: z.array(z.object({ domain: z.string(), reason: z.string() })),
    holdout: z
      .object({
        share: z.number(),
        seed: z.string(),
        heldOut: z.array(z.string()).describe('domains this launch leaves out, newly or held out before'),
        byStratum: z.array(z.object({ stratum: z.string(), heldOut: z.number().int(), treated: z.number().int() })),
      })
      .optional()
      .describe("only for a journey (or launch) with a holdout: the accounts it held out, per tier"),
  })
  .meta({ id: 'LaunchResult' });

const accountRef = z.object({ id: z.string(), domain: z.string(), name: z.string() });

export const accountJourneys = z
  .object({
    account: accountRef,
    temporal: z.object({ reachable: z.boolean(), error: z.string().optional() }),
    journeys: z.array(
      z.object({
        workflowId: z.string(),
        journeyKey: z.string(),
        journeyVersion: z.number().int(),
        status: z.string(),
        stage: z.string().nullable(),
        step: z.string().nullable(),
        nextWakeAt: z.string().nullable(),
        engagementScore: z.number().nullable(),
        startedAt: z.string(),
        endedAt: z.string().nullable(),
        exitReason: z.string().nullable(),
        pendingDeliveries: z.object({ count: z.number().int(), since: z.string().nullable(), attempts: z.number().int(), lastError: z.string().nullable() }),
        waitingForMailRelay: z.object({ emails: z.number().int(), since: z.string(), lastError: z.string().nullable() }).nullable(),
        timeline: z.array(z.object({ text: z.string(), atMs: z.number(), kind: z.enum(['email', 'event', 'stage', 'journey', 'wait', 'branch', 'task']) })),
        liveError: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'AccountJourneys' });

export const steerReply = z.object({
  action: z.enum(['pause', 'resume', 'stop']),
  journeys: z.array(z.string()).describe('the workflow IDs steered'),
  unchanged: z
    .array(z.object({ workflowId: z.string(), why: z.string() }))
    .describe('running journeys the action would not change (a pause of a paused journey, a resume of a running one): nothing was sent to them'),
});
