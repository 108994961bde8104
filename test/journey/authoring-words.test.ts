// What a journey's author reads when a file is wrong: every problem at once and in words, never the
// wording of zod or of the YAML library; and files read as people write them (a BOM, merge keys).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEngagementSetting } from '../../domain/forecast/engagement';
import { validateJourney, type TemplateCheck } from '../../domain/journey/validate';
import { readJourneyFile } from '../../journeys/load';

const dir = mkdtempSync(path.join(os.tmpdir(), 'journey-words-'));
const file = (name: string, content: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
};
const templates: TemplateCheck = (key) => ({ exists: ['intro', 'case-study'].includes(key), errors: [] });
const problemsOf = (raw: unknown) => {
  const result = validateJourney(raw, templates);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
};
const journey = (...steps: unknown[]) => ({ key: 'words', name: 'Words', stages: [{ key: 's1', steps }] });
const mail = { id: 'mail', type: 'email', template: 'intro', audience: { roles: ['champion'] } };

describe('journey problems in words', () => {
  it('refuses conditions that can never hold and a reminder given twice', () => {
    const branch = (condition: unknown) => ({ id: 'b', type: 'branch', if: condition, then: { stage: 's1' } });
    expect(problemsOf(journey(mail, branch({ engagementScore: { gte: 50, lt: 10 } })))).toEqual(['stages[0].steps[1].if.engagementScore: gte 50 and lt 10 leave no score that matches: expected gte below lt']);
    expect(problemsOf(journey(mail, branch({ engagedRoles: { countAtLeast: 50 } })))).toEqual([expect.stringMatching(/^stages\[0\]\.steps\[1\]\.if\.engagedRoles\.countAtLeast: countAtLeast 50 is more roles than there are \(\d+: /)]);
    const invite = { id: 'inv', type: 'invite', event: 'webinar', audience: { roles: ['champion'] }, template: 'intro', reminders: ['-1d', '-24h'], reminderTemplate: 'intro' };
    expect(problemsOf(journey(invite))).toContain('stages[0].steps[0].reminders: a reminder is given twice: each moment once (it would send the same reminder twice)');
    // A time before the start too far off says its limit, as a duration does.
    expect(problemsOf(journey({ ...invite, reminders: [], rsvpBy: '-400d' }))).toEqual(['stages[0].steps[0].rsvpBy: "-400d" is too long: a duration may be at most a year (366d or 52w)']);
  });

  it('reports too many A/B variants and each variant\'s own problems together', () => {
    const variants = [{ key: 'a', subject: 'x' }, { key: 'b', template: 'nosuch' }, { key: 'c', subject: 'y', weight: 1000 }, { key: 'd', subject: 'z' }, { key: 'E', subject: 'w' }];
    expect(problemsOf(journey({ ...mail, variants, winner: { metric: 'clicks' } }))).toEqual([
      'stages[0].steps[0].variants: expected 2 to 4 variants, not 5',
      'stages[0].steps[0].variants[1].template: unknown template "nosuch": no such template exists',
      'stages[0].steps[0].variants[2].weight: expected at most 100, got 1000',
      expect.stringMatching(/^stages\[0\]\.steps\[0\]\.variants\[4\]\.key: "E" is not a variant key/),
    ]);
  });

  it('says which bound a number or a list broke, and what a duration or a due time must be', () => {
    const call = { id: 'call', type: 'rep_task', channel: 'call', title: 'Call', due: { after: '99999d' } };
    expect(problemsOf({ ...journey({ id: 'w', type: 'wait', duration: '0d' }, call), entry: { tiers: [], minScore: 150 } })).toEqual([
      'entry.tiers: expected at least one item, got an empty list',
      'entry.minScore: expected at most 100, got 150',
      'stages[0].steps[0].duration: "0d" is no time at all: a duration must be above 0, such as 1d',
      'stages[0].steps[1].due.after: "99999d" is too many business days: at most 99d',
    ]);
  });

  it('refuses a rep task that would expire before it is due', () => {
    const call = (timeout: string) => ({ id: 'call', type: 'rep_task', channel: 'call', title: 'Call', due: { after: '10d' }, wait: { timeout } });
    expect(problemsOf(journey(call('1d')))).toEqual(['stages[0].steps[0].wait.timeout: the task would expire before it is due (after 10d, business days): make the wait longer than that, such as 16d']);
    expect(problemsOf(journey(call('16d')))).toEqual([]);
  });

  it('takes the named engagement levels in any case, not as seeds', () => {
    expect(parseEngagementSetting('NONE')).toEqual({ kind: 'none' });
    expect(parseEngagementSetting(' None ')).toEqual({ kind: 'none' });
    expect(parseEngagementSetting('Typical')).toEqual(parseEngagementSetting('typical'));
    expect(parseEngagementSetting('Seed42')).toMatchObject({ kind: 'seeded', seed: 'Seed42' });
  });
});

describe('reading journey files', () => {
  const minimal = { key: 'read-me', name: 'Read me', stages: [{ key: 's1', steps: [{ id: 'bye', type: 'exit', reason: 'done' }] }] };

  it('reads JSON saved with a byte order mark', () => {
    expect(readJourneyFile(file('bom.json', `\uFEFF${JSON.stringify(minimal)}`))).toEqual(minimal);
  });

  it('refuses a key given twice in JSON, as in YAML, with its path', () => {
    const twice = '{"key":"read-me","name":"Read me","stages":[{"key":"s1","steps":[{"id":"a","id":"b","type":"exit","reason":"x"}]}]}';
    expect(() => readJourneyFile(file('twice.json', twice))).toThrow(/twice\.json: stages\[0\]\.steps\[0\]\.id: the key "id" is given twice: keep one$/);
  });

  it('merges anchors with merge keys, in an audience and in step defaults', () => {
    const yaml = [
      'key: merged',
      'name: Merged',
      'stages:',
      '  - key: s1',
      '    steps:',
      '      - &mail { id: first, type: email, template: intro, audience: &who { roles: [champion] } }',
      '      - { id: pause, type: wait, duration: 2d }',
      '      - <<: *mail',
      '        id: second',
      '        template: case-study',
      '        audience: { <<: *who, seniority: [executive] }',
    ].join('\n');
    const raw = readJourneyFile(file('merged.yaml', yaml));
    expect(problemsOf(raw)).toEqual([]);
    expect((raw as typeof minimal).stages[0]!.steps[2]).toEqual({ id: 'second', type: 'email', template: 'case-study', audience: { roles: ['champion'], seniority: ['executive'] } });
  });

  it('says in words why a file cannot be read, or holds more than one document', () => {
    mkdirSync(path.join(dir, 'folder.yaml'));
    expect(() => readJourneyFile(path.join(dir, 'folder.yaml'))).toThrow(/folder\.yaml: cannot be read: it is a directory: name a journey file in it$/);
    expect(() => readJourneyFile(path.join(dir, 'gone.yaml'))).toThrow(/gone\.yaml: cannot be read: no such file: check the path and the name$/);
    expect(() => readJourneyFile(file('two.yaml', 'key: a\n---\nkey: b\n'))).toThrow(/two\.yaml:2:1: not valid YAML: holds more than one document \(a line "---" starts another\): keep one journey per file$/);
  });
});
