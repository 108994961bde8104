// A journey's sales section and handoff step are validated like every other field: each problem
// with its path in the file and what was expected.
import { describe, expect, it } from 'vitest';
import { validateJourney, type TemplateCheck } from '../../domain/journey/validate';

const templates: TemplateCheck = (key) => ({ exists: key === 'intro', errors: [] });

const base = {
  key: 'handing-off',
  name: 'Handing off',
  stages: [
    { key: 'engage', steps: [{ id: 'hello', type: 'email', template: 'intro', audience: { roles: ['champion'] } }, { id: 'sales', type: 'handoff' }] },
    { key: 'assist', steps: [{ id: 'assist-wait', type: 'wait', duration: '30d' }] },
    { key: 'expand', steps: [{ id: 'expand-wait', type: 'wait', duration: '30d' }] },
  ],
};

describe('sales section', () => {
  it('accepts an MQA rule in the branch condition language, outcomes that name stages, and a cooldown', () => {
    const result = validateJourney(
      { ...base, sales: { mqa: { any: [{ eventSeen: { type: 'inquiry' } }, { engagementScore: { gte: 30 } }] }, onAccepted: { goto: 'assist' }, onRejected: { goto: 'engage' }, cooldown: '6w' } },
      templates,
    );
    // assist and expand are reached only through sales outcomes: not reported as unreachable.
    expect(result.ok).toBe(true);
  });

  it('reports a bad rule, an unknown stage and a bad cooldown at their paths', () => {
    const result = validateJourney(
      { ...base, sales: { mqa: { engagementScore: { gte: 300 } }, onAccepted: { goto: 'nowhere' }, onRejected: { goto: 'engage' }, cooldown: 'soon' } },
      templates,
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
    expect(problems).toHaveLength(3);
    expect(at('sales.mqa.engagementScore.gte')).toHaveLength(1);
    expect(at('sales.onAccepted.goto')).toEqual(['no stage "nowhere" in this journey (known stages: engage, assist, expand)']);
    expect(at('sales.cooldown')[0]).toMatch(/"soon" is not a duration/);
  });

  it('reports an unknown field of a handoff step', () => {
    const bad = { ...base, stages: [{ key: 'engage', steps: [{ id: 'sales', type: 'handoff', owner: 'anna' }] }] };
    const result = validateJourney(bad, templates);
    expect(result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`)).toContain(
      'stages[0].steps[0].owner: unknown field "owner": check its spelling and indentation',
    );
  });
});
