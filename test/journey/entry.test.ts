import { describe, expect, it } from 'vitest';
import { entrySchema } from '../../domain/journey/definition';
import { checkEntry, type EntryCandidate } from '../../domain/journey/entry';
import { validateJourney } from '../../domain/journey/validate';

const account: EntryCandidate = { poolStatus: 'target', tier: 1, industry: 'Automotive', country: 'DE', score: 72 };
const entry = entrySchema.parse({ tiers: [1, 2], industries: ['automotive', 'machinery'], countries: ['de', 'CN'], minScore: 60 });

describe('checkEntry', () => {
  it('admits a target account that meets every criterion, ignoring case', () => {
    expect(checkEntry(entry, account)).toEqual({ admitted: true });
  });

  it('admits any target when the journey sets no criteria', () => {
    expect(checkEntry(entrySchema.parse({}), { ...account, tier: null, industry: null, country: null, score: null })).toEqual({ admitted: true });
  });

  it.each<[Partial<EntryCandidate>, RegExp]>([
    [{ poolStatus: 'candidate' }, /pool status is candidate, only targets enter journeys/],
    [{ poolStatus: 'retired' }, /pool status is retired/],
    [{ tier: 3 }, /tier 3 is not one of 1, 2/],
    [{ tier: null }, /tier unset/],
    [{ industry: 'Retail' }, /industry Retail is not one of automotive, machinery/],
    [{ country: 'US' }, /country US is not one of de, CN/],
    [{ score: 59 }, /score 59 is below the minimum 60/],
    [{ score: null }, /score unset/],
  ])('refuses %j with a reason', (change, reason) => {
    const decision = checkEntry(entry, { ...account, ...change });
    expect(decision.admitted).toBe(false);
    expect(decision.admitted ? '' : decision.reason).toMatch(reason);
  });
});

describe('entry countries', () => {
  const journey = (countries: string[]) => ({
    key: 'uk-nurture',
    name: 'UK nurture',
    entry: { countries },
    stages: [{ key: 'engage', steps: [{ id: 'wait', type: 'wait', duration: '7d' }] }],
  });
  const problems = (countries: string[]) => {
    const result = validateJourney(journey(countries), () => ({ exists: true, errors: [] }));
    return result.ok ? [] : result.problems;
  };

  it('are ISO 3166-1 codes, as imports store them: a journey file is told the code to write', () => {
    expect(problems(['GB', 'de', 'us'])).toEqual([]);
    expect(problems(['UK', 'Germany', 'EU', 'SU'])).toEqual([
      { path: 'entry.countries[0]', message: '"UK" is not an ISO 3166-1 country code, expected GB' },
      { path: 'entry.countries[1]', message: '"Germany" is not an ISO 3166-1 country code, expected DE' },
      { path: 'entry.countries[2]', message: '"EU" (European Union) is not an ISO 3166-1 country code, expected a two-letter country code such as DE' },
      { path: 'entry.countries[3]', message: '"SU" is a former code of Russia, expected RU' },
    ]);
  });

  it('admit an account imported as UK, before imports stored GB, into a journey entering GB', () => {
    const gb = entrySchema.parse({ countries: ['GB'] });
    expect(checkEntry(gb, { ...account, country: 'UK' })).toEqual({ admitted: true });
    expect(checkEntry(gb, { ...account, country: 'IE' })).toEqual({ admitted: false, reason: 'country IE is not one of GB' });
  });
});
