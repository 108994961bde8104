// MJML to responsive HTML, and the same strict validation without compiling. mjml 5 only compiles
// asynchronously, but the journey validator is synchronous; mjml's own parse and validate steps are
// synchronous, so the check calls them directly. They are resolved from mjml's package, which makes
// them the very instances mjml registered its components in, at the exact version it pins.
import { createRequire } from 'node:module';
import mjml2html from 'mjml';

type MjmlNode = { tagName: string; children?: MjmlNode[] };
type MjmlProblem = { line: number; tagName: string; message: string };
type Validate = (node: MjmlNode, options: object) => MjmlProblem[];

const fromMjml = createRequire(createRequire(import.meta.url).resolve('mjml'));
const core = fromMjml('mjml-core') as { components: object; initializeType: unknown };
const parseXml = fromMjml('mjml-parser-xml') as (source: string, options: object) => MjmlNode;
const validator = fromMjml('mjml-validator') as { default: Validate; dependencies: object };

export class MjmlError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'MjmlError';
  }
}

const describe = (p: MjmlProblem) => `line ${p.line}: <${p.tagName}> ${p.message}`;

/** Every strict-validation problem of an MJML document, as "line N: <tag> problem"; empty when valid. */
export function validateMjml(source: string): string[] {
  let root: MjmlNode;
  try {
    root = parseXml(source, { keepComments: false, components: core.components, filePath: '.' });
  } catch (err) {
    return [(err as Error).message];
  }
  if (root?.tagName !== 'mjml') return ['the document must start with <mjml>'];
  const options = { components: core.components, dependencies: validator.dependencies, initializeType: core.initializeType };
  return validator.default(root, options).map(describe);
}

/** Compiles strictly: an invalid document throws MjmlError instead of degrading silently. */
export async function compileMjml(source: string): Promise<string> {
  try {
    // No web fonts: they would make every open fetch from a third party.
    const { html } = await mjml2html(source, { validationLevel: 'strict', fonts: {}, keepComments: false });
    return html;
  } catch (err) {
    const listed = (err as { errors?: MjmlProblem[] }).errors;
    throw new MjmlError(Array.isArray(listed) ? listed.map(describe) : [(err as Error).message]);
  }
}
