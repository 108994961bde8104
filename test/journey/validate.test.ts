import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateJourney, type JourneyProblem, type TemplateCheck } from '../../domain/journey/validate';
import { readJourneyFile } from '../../journeys/load';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const templates: TemplateCheck = (key) => {
  if (key === 'broken-render') return { exists: true, errors: ['unknown variable "contact.nickname"'] };
  return { exists: ['intro', 'pricing-guide', 'nurture-digest'].includes(key), errors: [] };
};

function problemsOf(fixture: string): JourneyProblem[] {
  const result = validateJourney(readJourneyFile(path.join(fixtures, fixture)), templates);
  if (result.ok) throw new Error(`${fixture} unexpectedly passed validation`);
  return result.problems;
}

const paths = (problems: JourneyProblem[]) => problems.map((p) => p.path);
const at = (problems: JourneyProblem[], p: string) => problems.filter((x) => x.path === p).map((x) => x.message);

const minimal = {
  key: 'minimal',
  name: 'Minimal',
  stages: [{ key: 'engage', steps: [{ id: 'hello', type: 'email', template: 'intro', audience: { roles: ['champion'] } }] }],
};

describe('validateJourney', () => {
  it('accepts a valid journey and fills in the defaults', () => {
    const result = validateJourney(minimal, templates);
    expect(result).toEqual({
      ok: true,
      definition: { ...minimal, entry: { poolStatus: 'target' }, triggers: [], goals: [] },
    });
  });

  it('reports bad durations at their path, in waits and in timeInStage conditions', () => {
    const problems = problemsOf('bad-durations.yaml');
    expect(paths(problems)).toEqual([
      'stages[0].steps[0].duration',
      'stages[0].steps[1].duration',
      'stages[0].steps[2].if.timeInStage.gte',
    ]);
    expect(problems[0]!.message).toMatch(/"3 days" is not a duration, expected .* 3d/);
    expect(problems[1]!.message).toMatch(/"400d" .* at most a year/);
  });

  it('reports unknown templates and templates that do not render', () => {
    const problems = problemsOf('unknown-template.yaml');
    expect(problems).toEqual([
      { path: 'stages[0].steps[0].template', message: 'unknown template "hello-world": no such template exists' },
      {
        path: 'stages[0].steps[2].template',
        message: 'template "broken-render" does not render: unknown variable "contact.nickname"',
      },
    ]);
  });

  it('reports unknown stages and steps in branches, gotos and triggers', () => {
    const problems = problemsOf('unknown-targets.yaml');
    expect(at(problems, 'stages[0].steps[1].then.stage')).toEqual(['no stage "closing" in this journey (known stages: engage)']);
    expect(at(problems, 'stages[0].steps[1].else.step')).toEqual(['no step with id "no-such-step" in this journey']);
    expect(at(problems, 'stages[0].steps[2].stage')).toEqual(['no stage "expnd" in this journey (known stages: engage)']);
    expect(at(problems, 'triggers[0].then.goto')).toEqual(['no stage "sales" in this journey (known stages: engage)']);
  });

  it('reports steps after an unconditional exit or jump, and stages nothing leads to', () => {
    const problems = problemsOf('unreachable.yaml');
    expect(paths(problems)).toEqual(['stages[0].steps[2]', 'stages[1]']);
    expect(problems[0]!.message).toBe(
      'steps "orphan", "orphan-wait" are never reached: they come after "leave" (stages[0].steps[1]), which ends the journey, and no branch, goto or trigger leads to them',
    );
    expect(problems[1]!.message).toMatch(/^stage "deliver" is never reached/);
    // convert is reached by the inquiry trigger only, which is enough.
    expect(paths(problems)).not.toContain('stages[2]');
  });

  it('reports a step after a branch whose then and else both jump', () => {
    expect(at(problemsOf('unknown-targets.yaml'), 'stages[0].steps[2]')).toEqual([
      'step "onwards" is never reached: it comes after "hot" (stages[0].steps[1]), which always jumps elsewhere, and no branch, goto or trigger leads to it',
    ]);
  });

  it('reports loops that contain no wait, including a step that jumps to itself', () => {
    const problems = problemsOf('busy-loop.yaml');
    expect(paths(problems)).toEqual(['stages[0].steps[1]', 'stages[1].steps[0]']);
    expect(problems[0]!.message).toMatch(/^steps "ping", "again" lead back to each other and can go round without waiting at all: a loop must take at least 1h a turn/);
    expect(problems[1]!.message).toMatch(/^step "spin" leads back to itself and can go round without waiting at all/);
  });

  it('accepts a loop that passes a wait', () => {
    const looping = {
      ...minimal,
      stages: [{ key: 'engage', steps: [
        { id: 'hello', type: 'email', template: 'intro', audience: { roles: ['champion'] } },
        { id: 'pause', type: 'wait', until: { weekday: 'mon', time: '09:00' } },
        { id: 'again', type: 'branch', if: { engagementScore: { lt: 10 } }, then: { step: 'hello' } },
      ] }],
    };
    expect(validateJourney(looping, templates).ok).toBe(true);
  });

  it('reports duplicate stage keys and step ids where the second one is', () => {
    expect(problemsOf('duplicates.yaml')).toEqual([
      {
        path: 'stages[0].steps[1].id',
        message: 'duplicate step id "pause", already used at stages[0].steps[0].id: step ids must be unique',
      },
      { path: 'stages[1].key', message: 'duplicate stage key "engage", already used at stages[0].key: stage keys must be unique' },
    ]);
  });

  it('reports schema errors with their paths, and what was expected', () => {
    const problems = problemsOf('schema-errors.yaml');
    expect(at(problems, 'key')[0]).toMatch(/"Schema Errors" is not a journey key/);
    expect(at(problems, 'entry.tiers[0]')).toEqual(['4 is not a tier, expected 1, 2 or 3']);
    expect(at(problems, 'stages[0].steps[0].template')).toEqual(['missing, expected a string']);
    expect(at(problems, 'stages[0].steps[0].templat')).toEqual(['unknown field "templat": check its spelling and indentation']);
    expect(at(problems, 'stages[0].steps[0].audience.roles[0]')[0]).toMatch(/"champions" is not allowed here, expected one of champion, problem_owner/);
    expect(at(problems, 'stages[0].steps[1].until.time')[0]).toMatch(/"25:00" is not a time of day/);
    expect(at(problems, 'stages[0].steps[1]')[0]).toMatch(/a wait needs exactly one of duration .* or until/);
    expect(at(problems, 'stages[0].steps[2].type')).toEqual(['"sleep" is not a step type, expected one of wait, wait_for, email, branch, goto, exit, handoff, invite, rep_task']);
    expect(at(problems, 'stages[0].steps[3].if')[0]).toMatch(/^expected exactly one condition/);
    expect(at(problems, 'stages[0].steps[3].then')).toEqual(['expected { stage: <stage key> } or { step: <step id> }']);
    expect(at(problems, 'triggers[1].on')).toEqual([
      'triggers[0] already reacts to clicked, so this trigger would never fire: merge the two',
    ]);
  });

  it('lists schema and journey-level problems of different steps in one pass, in file order', () => {
    const raw = {
      key: 'many',
      name: 'Many problems',
      stages: [{ key: 'engage', steps: [
        { id: 'pause', type: 'wait', duration: 'soon' },
        { id: 'hello', type: 'email', template: 'nope', audience: { roles: ['champion'] } },
        { id: 'jump', type: 'goto', stage: 'nowhere' },
        { id: 'lost', type: 'exit', reason: 'lost' },
      ] }],
    };
    const result = validateJourney(raw, templates);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : paths(result.problems)).toEqual([
      'stages[0].steps[0].duration',
      'stages[0].steps[1].template',
      'stages[0].steps[2].stage',
      'stages[0].steps[3]',
    ]);
  });

  it('does not call a step unreachable when only the broken step before it leads there', () => {
    const raw = {
      ...minimal,
      stages: [{ key: 'engage', steps: [
        { id: 'hot', type: 'branch', if: { engagementScore: { gte: 'high' } }, then: { step: 'pricing' }, else: { step: 'done' } },
        { id: 'pricing', type: 'email', template: 'pricing-guide', audience: { roles: ['budget_holder'] } },
        { id: 'done', type: 'exit', reason: 'done' },
      ] }],
    };
    const result = validateJourney(raw, templates);
    expect(result.ok ? [] : result.problems).toEqual([
      { path: 'stages[0].steps[0].if.engagementScore.gte', message: 'expected a number, got "high"' },
    ]);
  });

  it('says what a journey file should be when it is not a mapping', () => {
    expect(validateJourney(null, templates)).toEqual({
      ok: false,
      problems: [{ path: '(root)', message: 'expected a journey definition: a mapping with key, name and stages' }],
    });
  });
});
