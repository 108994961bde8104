// The journey as a graph of steps, for checks made before anything runs: which steps no path
// reaches, and which loops could repeat forever without a wait (a busy loop in a workflow).
import type { Step, Target } from './definition';
import { nextPosition, positionOf, type JourneyLayout, type Position } from './engine';
import { unreachable } from './exhaustive';

/** A jump out of a step, with the path of the field that names its target (relative to the step). */
export type Link = { target: Target; field: string };

/** How control can leave a step: jumps, falling through to the next step, and whether it waits first. */
export type StepFlow = { links: Link[]; continues: boolean; waits: boolean };

const link = (target: Target, field: string): Link => ({ target, field: `${field}.${'stage' in target ? 'stage' : 'step'}` });

export function flowOf(step: Step): StepFlow {
  switch (step.type) {
    case 'wait':
      return { links: [], continues: true, waits: true };
    case 'wait_for': {
      const links = [...(step.onEvent ? [link(step.onEvent, 'onEvent')] : []), ...(step.onTimeout ? [link(step.onTimeout, 'onTimeout')] : [])];
      return { links, continues: links.length < 2, waits: true };
    }
    case 'email':
    case 'handoff':
      return { links: [], continues: true, waits: false };
    case 'rep_task':
      return { links: [], continues: true, waits: step.wait !== undefined };
    case 'branch':
      return {
        links: step.else ? [link(step.then, 'then'), link(step.else, 'else')] : [link(step.then, 'then')],
        continues: step.else === undefined,
        waits: false,
      };
    case 'invite':
      // It waits for answers and the event itself; an outcome without a target continues.
      return {
        links: Object.entries(step.on).flatMap(([outcome, target]) => (target ? [link(target, `on.${outcome}`)] : [])),
        continues: true,
        waits: true,
      };
    case 'goto':
      return { links: [{ target: { stage: step.stage }, field: 'stage' }], continues: false, waits: false };
    case 'exit':
      return { links: [], continues: false, waits: false };
    default:
      return unreachable(step);
  }
}

/** A layout (with unique stage keys) and the flow of each of its steps, indexed alike. */
export type StepGraph = { layout: JourneyLayout; flows: StepFlow[][] };

export type StepNode = { stageIndex: number; stepIndex: number };
const nodeKey = (n: StepNode) => `${n.stageIndex}:${n.stepIndex}`;

function nodeOf(graph: StepGraph, pos: Position | null): StepNode | null {
  if (!pos) return null;
  const stageIndex = graph.layout.stages.findIndex((s) => s.key === pos.stage);
  return stageIndex < 0 ? null : { stageIndex, stepIndex: pos.stepIndex };
}

function successors(graph: StepGraph, node: StepNode): StepNode[] {
  const flow = graph.flows[node.stageIndex]?.[node.stepIndex];
  if (!flow) return [];
  const here = { stage: graph.layout.stages[node.stageIndex]!.key, stepIndex: node.stepIndex };
  const positions = flow.links.map((l) => positionOf(graph.layout, l.target));
  if (flow.continues) positions.push(nextPosition(graph.layout, here));
  return positions.map((p) => nodeOf(graph, p)).filter((n): n is StepNode => n !== null);
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
    queue.push(...successors(graph, node));
  }
  return allNodes(graph).filter((n) => !seen.has(nodeKey(n)));
}

/**
 * Groups of steps that can follow each other round and round without passing a wait: the strongly
 * connected components (Tarjan) of the graph with the waits taken out. Each group is in file order.
 */
export function loopsWithoutWait(graph: StepGraph): StepNode[][] {
  const busy = (n: StepNode) => graph.flows[n.stageIndex]?.[n.stepIndex]?.waits === false;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: StepNode[] = [];
  const onStack = new Set<string>();
  const loops: StepNode[][] = [];
  let counter = 0;

  const visit = (node: StepNode) => {
    const key = nodeKey(node);
    index.set(key, counter);
    low.set(key, counter);
    counter++;
    stack.push(node);
    onStack.add(key);
    const next = successors(graph, node).filter(busy);
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
    if (component.length > 1 || selfLoop) {
      loops.push(component.sort((a, b) => a.stageIndex - b.stageIndex || a.stepIndex - b.stepIndex));
    }
  };

  for (const node of allNodes(graph).filter(busy)) if (!index.has(nodeKey(node))) visit(node);
  return loops.sort((a, b) => a[0]!.stageIndex - b[0]!.stageIndex || a[0]!.stepIndex - b[0]!.stepIndex);
}
