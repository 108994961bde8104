import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JourneyFileError, readJourneyFile } from '../../journeys/load';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => path.join(fixtures, name);

function failure(file: string): JourneyFileError {
  try {
    readJourneyFile(file);
  } catch (err) {
    if (err instanceof JourneyFileError) return err;
    throw err;
  }
  throw new Error(`${file} was read without error`);
}

describe('readJourneyFile', () => {
  it('reads YAML as YAML 1.2: "on" stays a key and 08:00 stays a time', () => {
    expect(readJourneyFile(fixture('yaml-1-1-traps.yaml'))).toMatchObject({
      stages: [{ steps: [{ until: { weekday: 'mon', time: '08:00' } }] }],
      triggers: [{ on: { type: 'inquiry' }, then: { exit: 'inquired' } }],
    });
  });

  it('names the file, line and column of a YAML syntax error', () => {
    const err = failure(fixture('broken-syntax.yaml'));
    expect(err.message).toMatch(/broken-syntax\.yaml:6:1: not valid YAML: /);
    expect(err.line).toBe(6);
  });

  it('names the file, line and column of a JSON syntax error', () => {
    const err = failure(fixture('broken.json'));
    expect(err.message).toMatch(/broken\.json:4:1: not valid JSON/);
  });

  it('refuses other file types and missing files, naming the file', () => {
    expect(failure(fixture('journey.txt')).message).toMatch(/journey\.txt: expected a \.yaml, \.yml or \.json file$/);
    expect(failure(fixture('no-such-journey.yaml')).message).toMatch(/no-such-journey\.yaml: cannot be read: no such file: check the path and the name$/);
  });
});
