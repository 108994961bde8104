// Reads what per-step analytics need for one journey version (its steps, the visits journeys made,
// those visits' emails and the responses to them) and hands them to the pure stepAnalytics.
// `harpoon report steps`, GET /v1/metrics/steps and the console's journey page all call this.
import type { Db } from '../db/client';
import { journeyDefinitionSchema } from '../domain/journey/definition';
import { flowOf } from '../domain/journey/graph';
import { stepAnalytics, stepVisitKey, type ResponseFact, type SendFact, type StepFigures, type StepVisitFact } from '../domain/measurement/step-analytics';
import type { StepAnalyticsQuery } from '../domain/measurement/step-analytics-query';
import { isCounted } from '../domain/metrics/touch-kinds';
import { notFound } from '../domain/use-case-error';

/** Where control can go from a step: jumps (by the field that names them) and whether it falls through. */
export type StepJumps = { jumps: { field: string; to: string }[]; continues: boolean };

export type StepReport = {
  journey: string;
  name: string;
  version: number;
  /** Every published version, oldest first. */
  versions: number[];
  /** Journeys on this version whose steps are recorded, and those begun before step records (no figures: not zero, unknown). */
  runs: { recorded: number; notRecorded: number };
  steps: (StepFigures & StepJumps)[];
};

const visitLeft = (left: string | null): StepVisitFact['left'] => (left === 'moved_on' || left === 'goal' || left === 'ended' ? left : null);
const sendKeyOf = (detail: unknown) => {
  const key = (detail as { sendKey?: unknown } | null)?.sendKey;
  return typeof key === 'string' ? key : undefined;
};

export async function computeStepReport(db: Db, query: StepAnalyticsQuery): Promise<StepReport> {
  const published = await db.journeyVersion.findMany({ where: { key: query.journey }, orderBy: { version: 'asc' }, select: { version: true } });
  if (published.length === 0) throw notFound(`No journey "${query.journey}": list the published ones with "harpoon journeys list".`);
  const versions = published.map((v) => v.version);
  const version = query.version ?? versions.at(-1)!;
  if (!versions.includes(version)) throw notFound(`Journey "${query.journey}" has no version ${version}: its versions are ${versions.join(', ')}.`);
  const row = await db.journeyVersion.findUniqueOrThrow({ where: { key_version: { key: query.journey, version } } });
  const definition = journeyDefinitionSchema.parse(row.definition);

  const visitRows = await db.stepVisit.findMany({ where: { journeyKey: query.journey, journeyVersion: version } });
  const workflowIds = [...new Set(visitRows.map((v) => v.workflowId))];
  const ownSends = await db.emailSend.findMany({
    where: { workflowId: { in: workflowIds }, contactId: { not: null } },
    select: { idempotencyKey: true, workflowId: true, stepPath: true, contactId: true, status: true, skipReason: true, sentAt: true },
  });
  const contactIds = [...new Set(ownSends.map((s) => s.contactId!))];
  const responseTouches = await db.touch.findMany({
    where: { contactId: { in: contactIds }, type: { in: ['opened', 'clicked', 'replied'] } },
    select: { type: true, contactId: true, detail: true, at: true },
  });
  const repliers = [...new Set(responseTouches.filter((t) => t.type === 'replied').map((t) => t.contactId!))];
  // A reply answers the last email its contact got from any journey: theirs count too.
  const othersToRepliers = await db.emailSend.findMany({
    where: { contactId: { in: repliers }, status: 'sent', workflowId: { notIn: workflowIds } },
    select: { idempotencyKey: true, workflowId: true, stepPath: true, contactId: true, status: true, skipReason: true, sentAt: true },
  });
  const sends: SendFact[] = [...ownSends, ...othersToRepliers].map((s) => ({
    sendKey: s.idempotencyKey,
    visitKey: stepVisitKey(s.workflowId, s.stepPath),
    contactId: s.contactId!,
    status: s.status,
    skipReason: s.skipReason,
    sentAtMs: s.sentAt?.getTime() ?? null,
  }));
  const responses: ResponseFact[] = responseTouches.flatMap((t): ResponseFact[] => {
    if (t.type === 'replied') return [{ type: 'replied', contactId: t.contactId!, atMs: t.at.getTime() }];
    const sendKey = sendKeyOf(t.detail);
    return sendKey ? [{ type: t.type as 'opened' | 'clicked', sendKey, contactId: t.contactId!, counted: isCounted(t.detail) }] : [];
  });
  const visits: StepVisitFact[] = visitRows.map((v) => ({ key: v.key, stage: v.stage, stepId: v.stepId, left: visitLeft(v.left), endReason: v.endReason }));

  // A journey that records its steps has visits from its first step on, whichever version they were on.
  const runsOnVersion = await db.journeyRun.findMany({ where: { journeyKey: query.journey, journeyVersion: version }, select: { workflowId: true } });
  const recording = await db.stepVisit.findMany({ where: { workflowId: { in: runsOnVersion.map((r) => r.workflowId) } }, select: { workflowId: true }, distinct: ['workflowId'] });
  const notRecorded = runsOnVersion.length - recording.length;

  const flows = new Map(definition.stages.flatMap((stage) => stage.steps.map((step) => [`${stage.key}/${step.id}`, flowOf(step)] as const)));
  return {
    journey: query.journey,
    name: row.name,
    version,
    versions,
    runs: { recorded: workflowIds.length, notRecorded },
    steps: stepAnalytics(definition, visits, sends, responses).map((figures) => {
      const flow = flows.get(`${figures.stage}/${figures.stepId}`)!;
      return {
        ...figures,
        jumps: flow.links.map((l) => ({ field: l.field, to: 'stage' in l.target ? `stage ${l.target.stage}` : `step ${l.target.step}` })),
        continues: flow.continues,
      };
    }),
  };
}
