// An A/B test as a journey file declares it: the defaults it gets, and every mistake named by its
// field with the fix, as `journeys validate` lists them.
import { expect, it } from 'vitest';
import { validateJourney, type TemplateCheck } from '../../domain/journey/validate';

const templates: TemplateCheck = (key) => ({ exists: ['intro', 'case-study'].includes(key), errors: [] });
const journey = (step: Record<string, unknown>) => ({
  key: 'ab-syntax',
  name: 'A/B syntax',
  stages: [{ key: 'engage', steps: [{ id: 'intro', type: 'email', template: 'intro', audience: { roles: ['champion'] }, ...step }] }],
});
const problems = (step: Record<string, unknown>) => {
  const result = validateJourney(journey(step), templates);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};
const at = 'stages[0].steps[0]';

it('accepts variants with a winner rule and fills in the rule defaults', () => {
  const result = validateJourney(journey({ variants: [{ key: 'a', subject: 'Short' }, { key: 'b', template: 'case-study', weight: 2 }], winner: { metric: 'clicks' } }), templates);
  expect(result.ok && result.definition.stages[0]!.steps[0]).toMatchObject({ winner: { metric: 'clicks', within: '7d', minSample: 50, confidence: 0.95 } });
});

it('names each mistake and what to write instead', () => {
  expect(problems({ variants: [{ key: 'a', subject: 'x' }], winner: { metric: 'clicks' } })).toEqual([`${at}.variants: expected 2 to 4 variants, not 1`]);
  expect(problems({ variants: [{ key: 'a', subject: 'x' }, { key: 'a', subject: 'y' }], winner: { metric: 'clicks' } })).toEqual([
    `${at}.variants: variant keys must be unique: give each variant its own key`,
  ]);
  expect(problems({ variants: [{ key: 'a', subject: 'x' }, { key: 'b' }], winner: { metric: 'clicks' } })).toEqual([
    `${at}.variants[1]: a variant changes the template and/or the subject: add template: <key> or subject: <line>`,
  ]);
  expect(problems({ variants: [{ key: 'a', subject: 'x' }, { key: 'b', template: 'nope' }], winner: { metric: 'clicks' } })).toEqual([
    `${at}.variants[1].template: unknown template "nope": no such template exists`,
  ]);
  expect(problems({ variants: [{ key: 'a', subject: 'x' }, { key: 'b', subject: 'y' }] })).toEqual([
    `${at}.winner: variants need a winner rule such as { metric: clicks, within: 7d, minSample: 50, confidence: 0.95 }`,
  ]);
  expect(problems({ variants: [{ key: 'a', subject: 'x' }, { key: 'b', subject: 'y' }], winner: { metric: 'mqa' } })).toEqual([
    `${at}.split: metric mqa counts accounts handed to sales: add split: account, so everyone in an account gets the same variant`,
  ]);
  expect(problems({ variants: [{ key: 'a', subject: 'Hi {{ contact.firstName }}' }, { key: 'b', subject: 'y' }], winner: { metric: 'clicks' } })).toEqual([
    `${at}.variants[0].subject: is plain text and is sent as written: Liquid such as {{ contact.firstName }} would reach the inbox as typed; personalise the subject in a template (its subject.liquid) and name that template instead`,
  ]);
  expect(problems({ winner: { metric: 'clicks' } })).toEqual([`${at}.variants: split, seed and winner belong to an A/B test: add variants (2 to 4) or remove them`]);
  expect(problems({ variants: [{ key: 'a', subject: 'x' }, { key: 'b', subject: 'y' }], winner: { metric: 'opens', confidence: 2 } })).toEqual([
    `${at}.winner.metric: expected clicks, replies or mqa`,
    `${at}.winner.confidence: expected a confidence from 0.8 to 0.999 such as 0.95`,
  ]);
});
