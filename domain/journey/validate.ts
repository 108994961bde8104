// Just over 300 lines on purpose: every check shares one walk over the readable parts of the file.
// `journeys validate`: every problem in a journey file at once, each with the path of the field in
// the file and what was expected. Schema errors come from zod; the rest (names, templates, targets,
// reachability, busy loops) are checked on whatever parts of the file are readable, so one broken
// step does not hide the problems of the others.
import type { z } from 'zod';
import { journeyDefinitionSchema, stepSchema, targetSchema, type JourneyDefinition } from './definition';
import { positionOf, startPosition, type Position } from './engine';
import { flowOf, loopsFasterThan, unreachableSteps, type Link, type StepFlow, type StepGraph } from './graph';
import { normaliseTag } from './vocabulary';
import { withIndefiniteArticle } from '../words/indefinite-article';

export type JourneyProblem = {
  /** Where in the file, e.g. stages[1].steps[2].template */
  path: string;
  /** What is wrong and what was expected. */
  message: string;
};

/** What a step sends a template as: an email step's email (or an A/B variant's), an invite step's invitation or reminder. */
export type TemplateUse = 'email' | 'invitation' | 'reminder';

/** `unfit`: why the template does not suit the use (an email step's template that needs an event). */
export type TemplateCheck = (templateKey: string, use: TemplateUse) => { exists: boolean; errors: string[]; unfit?: string };

export type JourneyValidation = { ok: true; definition: JourneyDefinition } | { ok: false; problems: JourneyProblem[] };

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const records = (v: unknown): Raw[] => (Array.isArray(v) ? v.map((x) => (isRecord(x) ? x : {})) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const quoted = (v: unknown) => JSON.stringify(v) ?? String(v);

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? '(root)' : out;
}

const joinPath = (base: string, field: string) => (base === '(root)' ? field : `${base}.${field}`);

/** zod's own wording, which we rephrase; messages our schemas set are kept as written. */
const zodDefault = /^(Invalid (input|option)|Too (big|small)): /;

/** A bound zod checked, in words: "at most 100", "at least one item", "at most 200 characters". */
function boundText(issue: { origin: string; inclusive?: boolean }, bound: number | bigint, side: 'most' | 'least'): string {
  const n = Number(bound);
  if (issue.origin === 'array' || issue.origin === 'set') return `at ${side} ${n === 1 ? 'one item' : `${n} items`}`;
  if (issue.origin === 'string') return `at ${side} ${n === 1 ? 'one character' : `${n} characters`}`;
  if (issue.inclusive === false) return `${side === 'most' ? 'below' : 'above'} ${n}`;
  return `at ${side} ${n}`;
}

const sizeOf = (input: unknown) => (Array.isArray(input) ? (input.length === 0 ? 'an empty list' : `${input.length} items`) : quoted(input));

function describeIssue(issue: z.core.$ZodIssue): JourneyProblem[] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: joinPath(path, key), message: `unknown field ${quoted(key)}: check its spelling and indentation` }));
    case 'invalid_type':
      if (issue.path.length === 0) return [{ path, message: 'expected a journey definition: a mapping with key, name and stages' }];
      if (issue.input === undefined) return [{ path, message: `missing, expected ${withIndefiniteArticle(issue.expected)}` }];
      if (!zodDefault.test(issue.message)) return [{ path, message: issue.message }];
      return [{ path, message: `expected ${withIndefiniteArticle(issue.expected)}, got ${quoted(issue.input)}` }];
    case 'invalid_value':
      if (!zodDefault.test(issue.message)) return [{ path, message: issue.message }];
      return [{ path, message: `${quoted(issue.input)} is not allowed here, expected one of ${issue.values.map(String).join(', ')}` }];
    case 'too_big':
    case 'too_small':
      if (!zodDefault.test(issue.message)) return [{ path, message: issue.message }];
      return [{ path, message: `expected ${issue.code === 'too_big' ? boundText(issue, issue.maximum, 'most') : boundText(issue, issue.minimum, 'least')}, got ${sizeOf(issue.input)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

const topLevelOrder: string[] = Object.keys(journeyDefinitionSchema.shape);

/** Orders paths roughly as the file reads: by top-level field, then by stage, step and trigger number. */
function compareInFileOrder(a: string, b: string): number {
  const rank = (path: string) => {
    const top = topLevelOrder.indexOf(path.split(/[.[]/)[0] ?? '');
    return [top < 0 ? -1 : top, ...[...path.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]))];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  return ra.length - rb.length;
}

/** The parts of the file the semantic checks read, taken leniently from the raw input. */
type OutlineStep = { path: string; raw: Raw; id: string | undefined; step: z.infer<typeof stepSchema> | undefined };
type OutlineStage = { path: string; key: string | undefined; steps: OutlineStep[] };

function outline(raw: Raw): OutlineStage[] {
  return records(raw.stages).map((stage, i) => ({
    path: `stages[${i}]`,
    key: text(stage.key),
    steps: records(stage.steps).map((step, j) => {
      const parsed = stepSchema.safeParse(step);
      return { path: `stages[${i}].steps[${j}]`, raw: step, id: text(step.id), step: parsed.success ? parsed.data : undefined };
    }),
  }));
}

/**
 * A step that does not parse still has a place in the graph: it may fall through or jump to any
 * target we can read, and it counts as a long wait, so it never causes a false "unreachable" or "loop".
 */
function salvagedFlow(raw: Raw): StepFlow {
  const links: Link[] = [];
  const on = isRecord(raw.on) ? raw.on : {};
  const fields: [unknown, string][] = [
    ...['then', 'else', 'onEvent', 'onTimeout'].map((field): [unknown, string] => [raw[field], field]),
    ...Object.entries(on).map(([k, v]): [unknown, string] => [v, `on.${k}`]),
  ];
  for (const [value, field] of fields) {
    const target = targetSchema.safeParse(value);
    if (target.success) links.push({ target: target.data, field: `${field}.${'stage' in target.data ? 'stage' : 'step'}`, leastMs: Infinity });
  }
  const stage = text(raw.stage);
  if (raw.type === 'goto' && stage) links.push({ target: { stage }, field: 'stage', leastMs: Infinity });
  return { links, continues: true, continuesAfterMs: Infinity, waits: true };
}

function duplicates<T>(items: T[], name: (item: T) => string | undefined, what: string, path: (item: T) => string): JourneyProblem[] {
  const first = new Map<string, T>();
  const problems: JourneyProblem[] = [];
  for (const item of items) {
    const n = name(item);
    if (n === undefined) continue;
    const earlier = first.get(n);
    if (earlier === undefined) first.set(n, item);
    else problems.push({ path: path(item), message: `duplicate ${what} ${quoted(n)}, already used at ${path(earlier)}: ${what}s must be unique` });
  }
  return problems;
}

function templateProblems(stages: OutlineStage[], checkTemplate: TemplateCheck): JourneyProblem[] {
  const results = new Map<string, ReturnType<TemplateCheck>>();
  const problems: JourneyProblem[] = [];
  // Email steps name one template; invite steps their invitation and their reminder, which carry the event.
  const fields: Record<string, [string, TemplateUse][]> = {
    email: [['template', 'email']],
    invite: [['template', 'invitation'], ['reminderTemplate', 'reminder']],
  };
  // An A/B-tested email step names one more template per variant that has its own.
  const named = (step: OutlineStep) => [
    ...(fields[String(step.raw.type)] ?? []).map(([field, use]) => ({ key: text(step.raw[field]), path: `${step.path}.${field}`, use })),
    ...(step.raw.type === 'email'
      ? records(step.raw.variants).map((v, i) => ({ key: text(v.template), path: `${step.path}.variants[${i}].template`, use: 'email' as const }))
      : []),
  ];
  for (const step of stages.flatMap((s) => s.steps)) {
    for (const { key, path, use } of named(step)) {
      if (key === undefined) continue;
      let result = results.get(`${use}|${key}`);
      if (!result) results.set(`${use}|${key}`, (result = checkTemplate(key, use)));
      if (!result.exists) problems.push({ path, message: `unknown template ${quoted(key)}: no such template exists` });
      if (result.unfit) problems.push({ path, message: `template ${quoted(key)} ${result.unfit}` });
      for (const error of result.errors) problems.push({ path, message: `template ${quoted(key)} does not render: ${error}` });
    }
  }
  return problems;
}

type Checked = { stages: OutlineStage[]; flows: StepFlow[][]; stageKeys: Set<string>; stepIds: Set<string> };

function targetProblems({ stages, flows, stageKeys, stepIds }: Checked): JourneyProblem[] {
  const known = `known stages: ${[...stageKeys].join(', ')}`;
  return stages.flatMap((stage, i) =>
    stage.steps.flatMap((step, j) =>
      flows[i]![j]!.links.flatMap(({ target, field }) => {
        const path = `${step.path}.${field}`;
        if ('stage' in target) {
          return stageKeys.has(target.stage) ? [] : [{ path, message: `no stage ${quoted(target.stage)} in this journey (${known})` }];
        }
        return stepIds.has(target.step) ? [] : [{ path, message: `no step with id ${quoted(target.step)} in this journey` }];
      }),
    ),
  );
}

type OutlineTrigger = { path: string; goto: string | undefined; on: { type: unknown; tag: string | undefined } };

function outlineTriggers(raw: Raw): OutlineTrigger[] {
  return records(raw.triggers).map((t, k) => {
    const on = isRecord(t.on) ? t.on : {};
    return { path: `triggers[${k}]`, goto: isRecord(t.then) ? text(t.then.goto) : undefined, on: { type: on.type, tag: text(on.tag) } };
  });
}

function triggerProblems(triggers: OutlineTrigger[], stageKeys: Set<string>): JourneyProblem[] {
  const unknownStages = triggers
    .filter((t) => t.goto !== undefined && !stageKeys.has(t.goto))
    .map((t) => ({
      path: `${t.path}.then.goto`,
      message: `no stage ${quoted(t.goto)} in this journey (known stages: ${[...stageKeys].join(', ')})`,
    }));
  const firstFor = new Map<string, OutlineTrigger>();
  const shadowed: JourneyProblem[] = [];
  for (const t of triggers) {
    if (typeof t.on.type !== 'string') continue;
    const event = `${t.on.type}${t.on.tag === undefined ? '' : ` tagged ${normaliseTag(t.on.tag)}`}`;
    const earlier = firstFor.get(event);
    if (!earlier) firstFor.set(event, t);
    else shadowed.push({ path: `${t.path}.on`, message: `${earlier.path} already reacts to ${event}, so this trigger would never fire: merge the two` });
  }
  return [...unknownStages, ...shadowed];
}

/** Stages the sales outcomes move a journey to: named in `sales`, and deliver/expand after a won deal. */
function salesGotos(raw: Raw): { path: string; goto: string }[] {
  const sales = isRecord(raw.sales) ? raw.sales : {};
  return (['onAccepted', 'onRejected'] as const).flatMap((field) => {
    const goto = isRecord(sales[field]) ? text((sales[field] as Raw).goto) : undefined;
    return goto === undefined ? [] : [{ path: `sales.${field}.goto`, goto }];
  });
}

function salesProblems(raw: Raw, stageKeys: Set<string>): JourneyProblem[] {
  return salesGotos(raw)
    .filter((g) => !stageKeys.has(g.goto))
    .map((g) => ({ path: g.path, message: `no stage ${quoted(g.goto)} in this journey (known stages: ${[...stageKeys].join(', ')})` }));
}

const describeStep = (step: OutlineStep) => (step.id === undefined ? step.path : quoted(step.id));

function unreachableProblems({ stages, flows }: Checked, graph: StepGraph, roots: Position[]): JourneyProblem[] {
  const byStage = new Map<number, number[]>();
  for (const n of unreachableSteps(graph, roots)) byStage.set(n.stageIndex, [...(byStage.get(n.stageIndex) ?? []), n.stepIndex]);
  const problems: JourneyProblem[] = [];
  for (const [i, stepIndexes] of byStage) {
    const stage = stages[i]!;
    if (stepIndexes.length === stage.steps.length) {
      problems.push({
        path: stage.path,
        message: `stage ${stage.key === undefined ? stage.path : quoted(stage.key)} is never reached: no goto, branch or trigger leads to it, and the journey never runs past the end of the stage before it`,
      });
      continue;
    }
    // One problem per run of consecutive unreachable steps: the cause is the step before the run.
    const runs: number[][] = [];
    for (const j of stepIndexes) {
      const run = runs.at(-1);
      if (run && run.at(-1) === j - 1) run.push(j);
      else runs.push([j]);
    }
    for (const run of runs) {
      const first = run[0]!;
      const steps = run.map((j) => describeStep(stage.steps[j]!));
      const one = steps.length === 1;
      const before = stage.steps[first - 1];
      const leaves = before?.raw.type === 'exit' ? 'ends the journey' : 'always jumps elsewhere';
      const cause =
        before && !flows[i]![first - 1]!.continues
          ? `${one ? 'it comes' : 'they come'} after ${describeStep(before)} (${before.path}), which ${leaves}, and no branch, goto or trigger leads to ${one ? 'it' : 'them'}`
          : `no path through the journey leads to ${one ? 'it' : 'them'}`;
      const subject = one ? `step ${steps[0]} is` : `steps ${steps.join(', ')} are`;
      problems.push({ path: stage.steps[first]!.path, message: `${subject} never reached: ${cause}` });
    }
  }
  return problems;
}

/**
 * The least time a turn of a loop must take. A loop that can go round without waiting at all
 * spins the workflow; one that waits seconds piles up skipped sends and timeline rows (the contact
 * policy sends a contact one email a day at most). An hour refuses both and no cadence a marketer
 * writes: their loops wait days, and a check every few hours stays allowed.
 */
export const minLoopTurnMs = 3_600_000;

/** 2d, 12h, 30m, 45s: the largest unit that divides the time (`0s` for none). */
function shortDuration(ms: number): string {
  const units: [string, number][] = [['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]];
  const [unit, size] = units.find(([, size]) => ms >= size && ms % size === 0) ?? ['s', 1_000];
  return `${Math.round(ms / size)}${unit}`;
}

/** Why a step of a loop that looks like a wait does not make the loop take time. */
const endsAtOnce: Record<string, string> = {
  rep_task: 'a rep_task goes on at once when no task is made, for want of a contact with the role, consent or room under the caps, or when the rep closes it at once',
  invite: 'an invite goes on at once when its event is gone or its answers have closed',
};

function loopProblems({ stages }: Checked, graph: StepGraph): JourneyProblem[] {
  const floor = shortDuration(minLoopTurnMs);
  return loopsFasterThan(graph, minLoopTurnMs).map(({ steps: nodes, turnMs }) => {
    const steps = nodes.map((n) => stages[n.stageIndex]!.steps[n.stepIndex]!);
    const names = steps.map(describeStep).join(', ');
    const one = steps.length === 1;
    const subject = one ? `step ${names} leads back to itself` : `steps ${names} lead back to each other`;
    const pace = turnMs === 0 ? 'without waiting at all' : `every ${shortDuration(turnMs)}`;
    const notes = [...new Set(steps.flatMap((s) => endsAtOnce[String(s.raw.type)] ?? []))];
    return {
      path: steps[0]!.path,
      message:
        `${subject} and can go round ${pace}${notes.length ? ` (${notes.join('; ')})` : ''}: ` +
        `a loop must take at least ${floor} a turn, so add a wait step of ${floor} or more inside it (such as duration: ${floor}, or until: { time: "09:00" })`,
    };
  });
}

function semanticProblems(raw: Raw, checkTemplate: TemplateCheck): JourneyProblem[] {
  const stages = outline(raw);
  const steps = stages.flatMap((s) => s.steps);
  const triggers = outlineTriggers(raw);
  const flows = stages.map((s) => s.steps.map((step) => (step.step ? flowOf(step.step) : salvagedFlow(step.raw))));
  const checked: Checked = {
    stages,
    flows,
    stageKeys: new Set(stages.flatMap((s) => (s.key === undefined ? [] : [s.key]))),
    stepIds: new Set(steps.flatMap((s) => (s.id === undefined ? [] : [s.id]))),
  };

  // Unnamed or duplicated stages get a name no reference can use, so the graph has one node per step.
  const seenKeys = new Set<string>();
  const layout = {
    stages: stages.map((s, i) => {
      const key = s.key === undefined || seenKeys.has(s.key) ? `\u0000stage${i}` : s.key;
      seenKeys.add(key);
      return { key, steps: s.steps.map((step, j) => ({ id: step.id ?? `\u0000step${i}.${j}` })) };
    }),
  };
  const graph: StepGraph = { layout, flows };
  // Triggers can move a journey into a stage from wherever it waits, so their stages are entry points.
  const triggered = [
    ...triggers.flatMap((t) => (t.goto === undefined ? [] : [t.goto])),
    ...salesGotos(raw).map((g) => g.goto),
    // A won deal moves a journey that hands off to its deliver or expand stage.
    ...(raw.sales !== undefined || steps.some((s) => s.raw.type === 'handoff') ? ['deliver', 'expand'] : []),
  ].map((stage) => positionOf(layout, { stage }));
  const roots = [startPosition(layout), ...triggered].filter((p): p is Position => p !== null);

  return [
    ...duplicates(stages, (s) => s.key, 'stage key', (s) => `${s.path}.key`),
    ...duplicates(steps, (s) => s.id, 'step id', (s) => `${s.path}.id`),
    ...templateProblems(stages, checkTemplate),
    ...targetProblems(checked),
    ...triggerProblems(triggers, checked.stageKeys),
    ...salesProblems(raw, checked.stageKeys),
    ...unreachableProblems(checked, graph, roots),
    ...loopProblems(checked, graph),
  ];
}

export function validateJourney(raw: unknown, checkTemplate: TemplateCheck): JourneyValidation {
  const parsed = journeyDefinitionSchema.safeParse(raw, { reportInput: true });
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap(describeIssue)),
    ...(isRecord(raw) ? semanticProblems(raw, checkTemplate) : []),
  ];
  const unique = problems
    .filter((p, i) => problems.findIndex((q) => q.path === p.path && q.message === p.message) === i)
    .sort((a, b) => compareInFileOrder(a.path, b.path));
  return parsed.success && unique.length === 0 ? { ok: true, definition: parsed.data } : { ok: false, problems: unique };
}
