// The journey as a graph of steps, for checks made before anything runs: which steps no path
// reaches, and which loops could go round faster than a journey may (a busy loop in a workflow).
import type { Step, Target, WaitStep } from './definition';
import { nextPosition, positionOf, type JourneyLayout, type Position } from './engine';
import { unreachable } from './exhaustive';
import { parseDuration } from '../time/duration';

/**
 * A jump out of a step, with the path of the field that names its target (relative to the step),
 * and the least time the step surely takes before it leaves this way (0: it may leave at once).
 */
export type Link = { target: Target; field: string; leastMs: number };

/**
 * How control can leave a step: jumps, falling through to the next step (after at least
 * `continuesAfterMs`), and whether it may wait first (`waits`: the workflow writes what it recorded
 * before a possible wait). A step that may wait need not: see leastMs.
 */
export type StepFlow = { links: Link[]; continues: boolean; continuesAfterMs: number; waits: boolean };

const link = (target: Target, field: string, leastMs = 0): Link => ({ target, field: `${field}.${'stage' in target ? 'stage' : 'step'}`, leastMs });

const dayMs = 86_400_000;

/**
 * The least time a wait step takes. A moment of the day comes once a day and a weekday's once a
 * week, so a loop through one goes round at most that often (a DST change aside: it is nominal).
 */
export function leastWaitMs(step: WaitStep): number {
  if (step.until) return step.until.weekday === undefined ? dayMs : 7 * dayMs;
  return parseDuration(step.duration ?? '') ?? 0;
}

/**
 * Only `wait` steps and a wait_for's timeout surely take time. A wait_for's event exit needs an
 * event from outside that arrives while the step waits, so a loop through it cannot go round by
 * itself (a flood of events is the runner's pace limit's to stop): it counts as no quick turn. The
 * other steps that may wait can end at once: a rep_task when no task is made (nobody with the
 * role, consent, the caps), an invite when its event is gone or its answers have closed.
 */
export function flowOf(step: Step): StepFlow {
  switch (step.type) {
    case 'wait':
      return { links: [], continues: true, continuesAfterMs: leastWaitMs(step), waits: true };
    case 'wait_for': {
      const timeoutMs = parseDuration(step.timeout) ?? 0;
      const eventMs = Infinity;
      const links = [...(step.onEvent ? [link(step.onEvent, 'onEvent', eventMs)] : []), ...(step.onTimeout ? [link(step.onTimeout, 'onTimeout', timeoutMs)] : [])];
      // The next step is where the exits without a target of their own go.
      const fallThrough = [...(step.onEvent ? [] : [eventMs]), ...(step.onTimeout ? [] : [timeoutMs])];
      return { links, continues: fallThrough.length > 0, continuesAfterMs: Math.min(...fallThrough), waits: true };
    }
    case 'email':
    case 'handoff':
      return { links: [], continues: true, continuesAfterMs: 0, waits: false };
    case 'rep_task':
      return { links: [], continues: true, continuesAfterMs: 0, waits: step.wait !== undefined };
    case 'branch':
      return {
        links: step.else ? [link(step.then, 'then'), link(step.else, 'else')] : [link(step.then, 'then')],
        continues: step.else === undefined,
        continuesAfterMs: 0,
        waits: false,
      };
    case 'invite':
      // It waits for answers and the event itself; an outcome without a target continues.
      return {
        links: Object.entries(step.on).flatMap(([outcome, target]) => (target ? [link(target, `on.${outcome}`)] : [])),
        continues: true,
        continuesAfterMs: 0,
        waits: true,
      };
    case 'goto':
      return { links: [{ target: { stage: step.stage }, field: 'stage', leastMs: 0 }], continues: false, continuesAfterMs: 0, waits: false };
    case 'exit':
      return { links: [], continues: false, continuesAfterMs: 0, waits: false };
    default:
      return unreachable(step);
  }
}

/** A layout (with unique stage keys) and the flow of each of its steps, indexed alike. */
export type StepGraph = { layout: JourneyLayout; flows: StepFlow[][] };

export type StepNode = { stageIndex: number; stepIndex: number };
const nodeKey = (n: StepNode) => `${n.stageIndex}:${n.stepIndex}`;
const fileOrder = (a: StepNode, b: StepNode) => a.stageIndex - b.stageIndex || a.stepIndex - b.stepIndex;

function nodeOf(graph: StepGraph, pos: Position | null): StepNode | null {
  if (!pos) return null;
  const stageIndex = graph.layout.stages.findIndex((s) => s.key === pos.stage);
  return stageIndex < 0 ? null : { stageIndex, stepIndex: pos.stepIndex };
}

/** Where control can go from a step, each with the least time the step takes before it goes there. */
type Edge = { to: StepNode; leastMs: number };

function edges(graph: StepGraph, node: StepNode): Edge[] {
  const flow = graph.flows[node.stageIndex]?.[node.stepIndex];
  if (!flow) return [];
  const here = { stage: graph.layout.stages[node.stageIndex]!.key, stepIndex: node.stepIndex };
  const ways = flow.links.map((l) => ({ pos: positionOf(graph.layout, l.target), leastMs: l.leastMs }));
  if (flow.continues) ways.push({ pos: nextPosition(graph.layout, here), leastMs: flow.continuesAfterMs });
  return ways.flatMap(({ pos, leastMs }) => {
    const to = nodeOf(graph, pos);
    return to ? [{ to, leastMs }] : [];
  });
}

function allNodes(graph: StepGraph): StepNode[] {
  return graph.flows.flatMap((steps, stageIndex) => steps.map((_, stepIndex) => ({ stageIndex, stepIndex })));
}

/** Steps no path from the roots reaches, in file order. */
export function unreachableSteps(graph: StepGraph, roots: Position[]): StepNode[] {
  const seen = new Set<string>();
  const queue = roots.map((r) => nodeOf(graph, r)).filter((n): n is StepNode => n !== null);
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (seen.has(nodeKey(node))) continue;
    seen.add(nodeKey(node));
    queue.push(...edges(graph, node).map((e) => e.to));
  }
  return allNodes(graph).filter((n) => !seen.has(nodeKey(n)));
}

/** The least time a turn of any loop through `start` takes (Dijkstra back to it); Infinity when none is shorter than `belowMs`. */
function quickestTurnMs(graph: StepGraph, start: StepNode, belowMs: number): number {
  const best = new Map<string, number>();
  // `back`: the turn has come round to the start; the first one taken from the queue is the quickest.
  const queue: { node: StepNode; ms: number; back: boolean }[] = [{ node: start, ms: 0, back: false }];
  while (queue.length > 0) {
    queue.sort((a, b) => a.ms - b.ms);
    const { node, ms, back } = queue.shift()!;
    if (back) return ms;
    for (const edge of edges(graph, node)) {
      const total = ms + edge.leastMs;
      if (total >= belowMs) continue;
      const returns = nodeKey(edge.to) === nodeKey(start);
      if (!returns && (best.get(nodeKey(edge.to)) ?? Infinity) <= total) continue;
      if (!returns) best.set(nodeKey(edge.to), total);
      queue.push({ node: edge.to, ms: total, back: returns });
    }
  }
  return Infinity;
}

/** Groups of steps that lead back to each other, within the steps `inside` and the edges `quick` (Tarjan), each in file order. */
function components(graph: StepGraph, inside: (n: StepNode) => boolean, quick: (e: Edge) => boolean): StepNode[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: StepNode[] = [];
  const onStack = new Set<string>();
  const found: StepNode[][] = [];
  let counter = 0;

  const visit = (node: StepNode) => {
    const key = nodeKey(node);
    index.set(key, counter);
    low.set(key, counter);
    counter++;
    stack.push(node);
    onStack.add(key);
    const next = edges(graph, node).filter((e) => quick(e) && inside(e.to)).map((e) => e.to);
    for (const succ of next) {
      const s = nodeKey(succ);
      if (!index.has(s)) {
        visit(succ);
        low.set(key, Math.min(low.get(key)!, low.get(s)!));
      } else if (onStack.has(s)) {
        low.set(key, Math.min(low.get(key)!, index.get(s)!));
      }
    }
    if (low.get(key) !== index.get(key)) return;
    const component: StepNode[] = [];
    let member: StepNode;
    do {
      member = stack.pop()!;
      onStack.delete(nodeKey(member));
      component.push(member);
    } while (nodeKey(member) !== key);
    const selfLoop = next.some((n) => nodeKey(n) === key);
    if (component.length > 1 || selfLoop) found.push(component.sort(fileOrder));
  };

  for (const node of allNodes(graph).filter(inside)) if (!index.has(nodeKey(node))) visit(node);
  return found.sort((a, b) => fileOrder(a[0]!, b[0]!));
}

/** A loop that can go round in less than the minimum: its steps in file order, and its quickest turn. */
export type QuickLoop = { steps: StepNode[]; turnMs: number };

/**
 * Groups of steps that can follow each other round and round in less than `minTurnMs` of time
 * that surely passes (see flowOf): the steps on such a turn, grouped by the loops they form.
 */
export function loopsFasterThan(graph: StepGraph, minTurnMs: number): QuickLoop[] {
  const turns = new Map(allNodes(graph).map((n) => [nodeKey(n), quickestTurnMs(graph, n, minTurnMs)]));
  const onQuickTurn = (n: StepNode) => turns.get(nodeKey(n))! < minTurnMs;
  return components(graph, onQuickTurn, (e) => e.leastMs < minTurnMs).map((steps) => ({
    steps,
    turnMs: Math.min(...steps.map((n) => turns.get(nodeKey(n))!)),
  }));
}
