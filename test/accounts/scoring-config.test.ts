import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/env';
import { loadScoringModel } from '../../config/scoring';
import { testTmpDir } from '../support/paths';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(testTmpDir(), 'scoring-'));
});
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('the scoring model file', () => {
  it('lays a partial YAML override over the shipped default', () => {
    const file = write('override.yaml', 'pool:\n  capacity:\n    "1": 5\nfactors:\n  growth:\n    weight: 40\n');
    const model = loadScoringModel(file);
    expect(model.pool.capacity).toEqual({ '1': 5, '2': 100, '3': 1000 });
    expect(model.factors.growth?.weight).toBe(40);
    expect(model.factors.growth?.inputs[0]?.field).toBe('attr.growth_pct');
    expect(model.factors.margin?.weight).toBe(loadScoringModel().factors.margin?.weight);
  });

  it('rejects an invalid override naming every bad field', () => {
    const file = write('bad.json', JSON.stringify({ factors: { growth: { weight: -1, inputs: [{ field: 'revenue' }] } }, tierThresholds: { '1': 10, '2': 50 } }));
    let error: unknown;
    try {
      loadScoringModel(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        `${file}: factors.growth.weight: weights cannot be negative`,
        expect.stringContaining(`${file}: factors.growth.inputs.0.field: expected one of industry, country, employee_count, revenue_band, purchase_pattern or attr.<custom field>`),
        expect.stringContaining(`${file}: factors.growth.inputs.0: give exactly one of "map" or "bands"`),
      ]),
    );
  });

  it('names a missing or unparsable file', () => {
    expect(() => loadScoringModel(path.join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: cannot be read \(ENOENT\)/);
    expect(() => loadScoringModel(write('broken.json', '{ "pool": '))).toThrow(/broken\.json: is not valid JSON/);
  });
});
