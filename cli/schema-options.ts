// A command's options read by the schema the API reads the same fields with, so the command line
// takes no input the API refuses (a note longer than the API keeps, an amount it would not take);
// each problem names its option, as `--close` for closeDate.
import type { z } from 'zod';
import { cliFlag } from '../domain/fields/field-ref';
import { UserError } from './user-error';

export function optionsInput<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  throw new UserError(parsed.error.issues.map((i) => (i.path.length ? `${cliFlag(String(i.path[0]))}: ${i.message}` : i.message)).join('; '));
}
