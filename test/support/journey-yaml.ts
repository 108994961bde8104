// A journey file as a user writes it for the CLI: YAML, saved as <key>.yaml in the test's folder.
// Entries are written in YAML's flow style, one a line, so each test shows its journey whole.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** For `policy`: quiet hours that never hold, so emails go whenever the test runs. */
export const noQuietHours = 'quietHours: { start: "00:00", end: "00:00", weekends: false }';

export type JourneyYaml = {
  key: string;
  name: string;
  /** What goes inside `policy: { … }`. */
  policy?: string;
  /** The steps of its first stage, `engage`: `{ id: intro, type: email, … }`. */
  steps?: string[];
  /** Lines after those steps: more stages (`  - { key: convert, … }`), then triggers, goals, sales. */
  more?: string[];
};

/** Writes the journey's file into `dir`; returns its path. */
export function writeJourneyYaml(dir: string, journey: JourneyYaml): string {
  const file = path.join(dir, `${journey.key}.yaml`);
  const lines = [
    `key: ${journey.key}`,
    `name: ${journey.name}`,
    ...(journey.policy ? [`policy: { ${journey.policy} }`] : []),
    ...(journey.steps ? ['stages:', '  - key: engage', '    steps:', ...journey.steps.map((s) => `      - ${s}`)] : []),
    ...(journey.more ?? []),
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}
