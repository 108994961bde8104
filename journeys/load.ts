// Reads a journey file from disk (Node side only: the domain modules never touch the file system).
// YAML is read as YAML 1.2, so `on:` stays a key and `08:00` stays a time, not a boolean or 480.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { UseCaseError } from '../domain/use-case-error';

/** A file that cannot be read as a journey at all; where it broke (line, column) for editors. */
export class JourneyFileError extends UseCaseError {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super('invalid', `${file}${line === undefined ? '' : `:${line}${column === undefined ? '' : `:${column}`}`}: ${reason}`);
    this.name = 'JourneyFileError';
  }
}

function parseJson(file: string, source: string): unknown {
  try {
    return JSON.parse(source);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    if (!at) throw new JourneyFileError(file, `not valid JSON: ${message}`);
    const before = source.slice(0, Number(at[1])).split('\n');
    throw new JourneyFileError(file, `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, before.length, before.at(-1)!.length + 1);
  }
}

function parseYaml(file: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, version: '1.2' });
  const [error] = doc.errors;
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    throw new JourneyFileError(file, `not valid YAML: ${error.message.split('\n')[0]}`, at.line, at.col);
  }
  return doc.toJS();
}

/** The parsed content of a .yaml, .yml or .json journey file, not yet validated. */
export function readJourneyFile(file: string): unknown {
  const extension = path.extname(file).toLowerCase();
  const parse = extension === '.json' ? parseJson : ['.yaml', '.yml'].includes(extension) ? parseYaml : undefined;
  if (!parse) throw new JourneyFileError(file, 'expected a .yaml, .yml or .json file');
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new JourneyFileError(file, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parse(file, source);
}

/** A journey pasted as text (the console's draft): JSON when it starts with `{`, else YAML; not yet validated. */
export function parseJourneyText(label: string, source: string): unknown {
  return source.trimStart().startsWith('{') ? parseJson(label, source) : parseYaml(label, source);
}
