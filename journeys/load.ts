// Reads a journey file from disk (Node side only: the domain modules never touch the file system).
// YAML is read as YAML 1.2, so `on:` stays a key and `08:00` stays a time, not a boolean or 480;
// with merge keys (`<<: *defaults`), which people use with anchors whatever the version. JSON is
// held to what YAML is held to: a key given twice is refused, not silently the last one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
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

/** Editors on Windows save a byte order mark; it is no content, in JSON as in YAML. */
const withoutBom = (source: string) => source.replace(/^\uFEFF/, '');

/** The path of the first key given twice in a mapping (`stages[0].steps[1].id`), or undefined; JSON.parse keeps the last silently. */
function duplicateKeyPath(node: Node | null | undefined, at = ''): string | undefined {
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const found = duplicateKeyPath(item as Node, `${at}[${i}]`);
      if (found) return found;
    }
  }
  if (!isMap(node)) return undefined;
  const seen = new Set<unknown>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    const here = at === '' ? String(key) : `${at}.${String(key)}`;
    if (seen.has(key)) return here;
    seen.add(key);
    const found = duplicateKeyPath(pair.value as Node, here);
    if (found) return found;
  }
  return undefined;
}

function parseJson(file: string, rawSource: string): unknown {
  const source = withoutBom(rawSource);
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    if (!at) throw new JourneyFileError(file, `not valid JSON: ${message}`);
    const before = source.slice(0, Number(at[1])).split('\n');
    throw new JourneyFileError(file, `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, before.length, before.at(-1)!.length + 1);
  }
  // Valid JSON is valid YAML: its syntax tree still holds every key, where JSON.parse kept the last.
  const lineCounter = new LineCounter();
  const duplicate = duplicateKeyPath(parseDocument(source, { lineCounter, uniqueKeys: false }).contents);
  if (duplicate) throw new JourneyFileError(file, `${duplicate}: the key ${JSON.stringify(duplicate.split(/[.[]/).at(-1))} is given twice: keep one`);
  return parsed;
}

function parseYaml(file: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, version: '1.2', merge: true });
  const [error] = doc.errors;
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    // The library's own advice (parseAllDocuments) is for programmers, not for the file's author.
    const reason = error.code === 'MULTIPLE_DOCS' ? 'holds more than one document (a line "---" starts another): keep one journey per file' : error.message.split('\n')[0];
    throw new JourneyFileError(file, `not valid YAML: ${reason}`, at.line, at.col);
  }
  return doc.toJS();
}

/** Why a file cannot be read, in words rather than the system's code. */
function readFailure(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file: check the path and the name';
    case 'EISDIR':
      return 'it is a directory: name a journey file in it';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: the file is not readable by this user';
    default:
      return err.message;
  }
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
    throw new JourneyFileError(file, `cannot be read: ${readFailure(err as NodeJS.ErrnoException)}`);
  }
  return parse(file, source);
}

/** A journey pasted as text (the console's draft): JSON when it starts with `{`, else YAML; not yet validated. */
export function parseJourneyText(label: string, source: string): unknown {
  return source.trimStart().startsWith('{') ? parseJson(label, source) : parseYaml(label, source);
}
