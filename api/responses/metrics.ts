// What GET /v1/metrics answers (metrics/report.ts), declared so the document types it.
import { z } from 'zod';
import { funnelStages } from '../../domain/metrics/summarize';

const count = z.number().int();
const ratio = z.number().nullable();

const metrics = {
  shortTerm: z.object({
    targetAccounts: count,
    contactsKnown: count,
    contactsPerAccount: ratio,
    contactsReached: count,
    contactsEngaged: count,
    engagedAccounts: count,
    engagementRate: ratio,
    keyRoleSlots: count,
    engagedKeyRoles: count,
    buyingGroupPenetration: ratio,
  }),
  midTerm: z.object({
    mqas: count,
    handoffs: count,
    accepted: count,
    rejected: count,
    salesAcceptanceRate: ratio,
    medianHoursToAccept: ratio,
    eventRegistrations: count,
    eventAttended: count,
    eventNoShows: count,
    attendanceRate: ratio,
    opportunities: count,
    pipeline: z.number(),
    cost: z.number(),
    costPerOpportunity: ratio,
    allOpportunities: count,
    shareOfOpportunities: ratio,
  }),
  longTerm: z.object({
    won: count,
    lost: count,
    winRate: ratio,
    wonRevenue: z.number(),
    averageContractValue: ratio,
    velocityDays: z.object({ engagedToMqa: ratio, mqaToAccepted: ratio, acceptedToOpportunity: ratio, opportunityToWon: ratio }),
    revenueInfluenced: z.number(),
    roi: ratio,
  }),
  funnel: z.array(z.object({ stage: z.enum(funnelStages), accounts: count, conversion: ratio })),
};

export const metricsReport = z
  .object({
    ...metrics,
    filter: z.object({ journey: z.string().optional(), tier: z.number().int().optional(), owner: z.string().optional(), from: z.string().optional(), to: z.string().optional() }).describe('the filter as applied'),
    period: z.object({ from: z.string().nullable(), to: z.string() }),
    generatedAt: z.string(),
    currency: z.string().nullable().describe('the one currency of every amount; null when there is none'),
    unallocatedCost: z.number(),
    deliverability: z
      .object({
        sent: count,
        bounced: count,
        complained: count,
        bounceRate: ratio,
        complaintRate: ratio,
        complaintThreshold: z.number(),
        warnings: z.array(z.string()),
      })
      .describe("bounce and spam-complaint rates of the emails to the report's accounts, with the providers' limit and what needs doing"),
    byTier: z.array(z.object({ tier: z.number().int().nullable(), ...metrics })),
    byOwner: z.array(z.object({ owner: z.string().nullable(), ...metrics })),
    byJourney: z.array(z.object({ journey: z.string(), ...metrics })),
    accounts: z.array(
      z.object({
        domain: z.string(),
        name: z.string(),
        tier: z.number().int().nullable(),
        owner: z.string().nullable(),
        stage: z.enum(funnelStages),
        contacts: count,
        contactsReached: count,
        contactsEngaged: count,
        engagedKeyRoles: z.array(z.string()),
        missingKeyRoles: z.array(z.string()),
        cost: z.number(),
      }),
    ),
  })
  .meta({ id: 'MetricsReport' });
