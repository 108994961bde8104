// Why an account was handed to sales, in words for the task's evidence: which part of the MQA rule
// held, worked out again here from the database and the engagement the journey sent (the journey
// passes IDs and numbers only; its history stays as it is). A part that rests on something only
// the journey knows (time in its stage) is not claimed: the why then says the rule holds, no more.
import type { Db } from '../db/client';
import { defaultEngagementConfig } from '../domain/engagement/score';
import type { Condition } from '../domain/journey/definition';
import { journeyDefinitionSchema } from '../domain/journey/definition';
import type { JourneyFacts, SeenEvent } from '../domain/journey/engine';
import { heldParts } from '../domain/journey/explain-condition';
import { eventTypes, type EventType, type Role } from '../domain/journey/vocabulary';
import type { HandoffRequest } from './sales';

export async function handoffWhy(db: Db, req: HandoffRequest, defaultRule: Condition): Promise<string> {
  if (req.trigger === 'step') return `journey ${req.journeyKey} reached its handoff step`;
  const holds = `the MQA rule of journey ${req.journeyKey} holds`;
  const run = await db.journeyRun.findUnique({ where: { workflowId: req.journeyWorkflowId }, select: { journeyVersion: true, startedAt: true } });
  const [version, account, touches] = await Promise.all([
    run ? db.journeyVersion.findUnique({ where: { key_version: { key: req.journeyKey, version: run.journeyVersion } }, select: { definition: true } }) : null,
    db.account.findUnique({ where: { id: req.accountId }, select: { tier: true, tierOverride: true } }),
    db.touch.findMany({
      where: { accountId: req.accountId, type: { in: [...eventTypes] }, ...(run ? { at: { gte: run.startedAt } } : {}) },
      select: { type: true, detail: true },
    }),
  ]);
  const parsed = version ? journeyDefinitionSchema.safeParse(version.definition) : undefined;
  const rule = (parsed?.success ? parsed.data.sales?.mqa : undefined) ?? defaultRule;
  const parts = heldParts(rule, factsOf(req, account ? (account.tierOverride ?? account.tier) : null, touches));
  return parts.length > 0 ? `${holds}: ${parts.join(', ')}` : holds;
}

function factsOf(req: HandoffRequest, tier: number | null, touches: { type: string; detail: unknown }[]): JourneyFacts {
  const engagedRoles = Object.entries(req.engagement.byRole)
    .filter(([role, points]) => role !== 'unknown' && points > 0 && points >= defaultEngagementConfig.engagedAtLeast)
    .map(([role]) => role as Role)
    .sort();
  const eventsSeen: SeenEvent[] = touches
    // Machine-made hits never reach a journey, so they qualify nothing.
    .filter((t) => (t.detail as { counted?: unknown } | null)?.counted !== false)
    .map((t) => {
      const tag = (t.detail as { tag?: unknown } | null)?.tag;
      return typeof tag === 'string' ? { type: t.type as EventType, tag } : { type: t.type as EventType };
    });
  return {
    nowMs: req.nowMs,
    tier,
    // Unknown here: time in the stage is never claimed (see above).
    stageEnteredAtMs: req.nowMs,
    engagement: { score: req.engagement.score, byRole: req.engagement.byRole, engagedRoles, byContact: {}, engagedContacts: [] },
    eventsSeen,
  };
}
