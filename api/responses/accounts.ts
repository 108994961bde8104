// What the /v1/accounts routes answer (accounts/account-view.ts, timeline/account-timeline.ts and
// the imports), declared so the document types every success response.
import { z } from 'zod';
import { keyBuyingGroupRoles, poolStatus, tier } from '../../domain/accounts/vocabulary';

const keyRole = z.enum(keyBuyingGroupRoles);

export const accountSummary = z
  .object({
    domain: z.string(),
    name: z.string(),
    tier: tier.nullable(),
    status: poolStatus,
    score: z.number().nullable(),
    confidence: z.number().nullable(),
    owner: z.string().nullable().describe("the owning rep's e-mail"),
    contacts: z.number().int(),
    coverage: z.number().describe('share of the key buying-group roles covered, 0..1'),
    gaps: z.array(keyRole),
  })
  .meta({ id: 'AccountSummary' });

const person = z.object({ email: z.string(), name: z.string() });

const scoreFactor = z.union([
  z.object({ factor: z.string(), label: z.string(), group: z.enum(['current', 'future']), weight: z.number(), known: z.literal(true), field: z.string(), value: z.union([z.string(), z.number()]), points: z.number(), basis: z.string().optional() }),
  z.object({ factor: z.string(), label: z.string(), group: z.enum(['current', 'future']), weight: z.number(), known: z.literal(false), unknownBecause: z.string() }),
]);

export const accountView = z
  .object({
    domain: z.string(),
    name: z.string(),
    industry: z.string().nullable(),
    country: z.string().nullable(),
    employeeCount: z.number().nullable(),
    revenueBand: z.string().nullable(),
    timezone: z.string(),
    purchasePattern: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    owner: person.extend({ manager: person.nullable() }).nullable(),
    pool: z.object({ status: poolStatus, reason: z.string().nullable(), since: z.date(), eligibleForJourney: z.boolean() }),
    tier: z.object({
      tier: tier.nullable(),
      reason: z.string().nullable(),
      fixedByHand: z.boolean().describe('fixed by a user or a review: stays until released with auto'),
      fixedByImport: z.boolean().describe("set by an import's tier column: the next import may change it"),
    }),
    assessment: z
      .object({
        score: z.number().nullable(),
        confidence: z.number(),
        recommendedTier: tier.nullable(),
        currentValue: z.number().nullable(),
        futureValue: z.number().nullable(),
        factors: z.array(scoreFactor),
        scoredAt: z.date(),
      })
      .nullable(),
    buyingGroup: z.array(
      z.object({
        email: z.string(),
        name: z.string().nullable(),
        title: z.string().nullable(),
        role: z.string(),
        seniority: z.string().nullable(),
        consent: z.string(),
        consentSource: z.string().nullable(),
        consentAt: z.date().nullable(),
        reachable: z.boolean(),
        timezone: z.string(),
      }),
    ),
    coverage: z.object({
      roles: z.array(z.object({ role: keyRole, contacts: z.number().int(), reachable: z.number().int(), covered: z.boolean() })),
      gaps: z.array(z.object({ role: keyRole, why: z.enum(['no contact', 'no reachable contact']) })),
      ratio: z.number(),
    }),
    history: z.array(z.object({ at: z.date(), field: z.string(), from: z.string().nullable(), to: z.string().nullable(), reason: z.string(), actor: z.string() })),
  })
  .meta({ id: 'AccountView' });

export const accountTimelineReply = z.object({
  account: z.object({ id: z.string(), domain: z.string(), name: z.string() }),
  timeline: z.array(
    z.object({
      at: z.string(),
      type: z.string(),
      contact: z.string().nullable(),
      person: z.string().nullable(),
      journey: z.string().nullable(),
      summary: z.string(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

/** What an all-or-nothing import of rows answers (accounts/import-table.ts). */
export const importReport = z
  .object({
    file: z.string(),
    what: z.string(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    notes: z.array(z.string()),
    rejectsFile: z.string().optional(),
  })
  .meta({ id: 'ImportReport' });
