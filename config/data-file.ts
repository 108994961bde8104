// The JSON or YAML files some settings name (HARPOON_SCORING_FILE, REVIEW_RULES_FILE): read and
// checked against their schema as the configuration is, so that a bad file stops the start.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { z } from 'zod';

/** What a file holds, or what is wrong with it: each problem about the file, or `<where in it>: <what>`. */
export type FileRead<T> = { value: T; problems?: undefined } | { value?: undefined; problems: string[] };

/** The JSON or YAML in `file`, by its extension. */
export function readDataFile(file: string): FileRead<unknown> {
  const format = /\.ya?ml$/i.test(file) ? 'YAML' : 'JSON';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { problems: [`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check the path, or unset the setting to use the default`] };
  }
  try {
    return { value: format === 'YAML' ? YAML.parse(text) : JSON.parse(text) };
  } catch (err) {
    return { problems: [`is not valid ${format} (${(err as Error).message})`] };
  }
}

/** `data` as `schema` reads it, or each problem with its path in the file. */
export function checkedData<T>(data: unknown, schema: z.ZodType<T>): FileRead<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { value: parsed.data };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`) };
}
