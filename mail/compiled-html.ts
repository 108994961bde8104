// The HTML part in two stages: MJML → HTML once per (template, audience, stage), then Liquid per
// recipient. Compiling MJML costs milliseconds per email and its input differs between recipients
// only in the values of `{{ ... }}` outputs (names, links with their signed tokens), so stage one
// renders the Liquid structure (layout, blocks, audience blocks, conditions on the stage) with every
// output left as a placeholder and compiles that once; stage two evaluates each output for the
// recipient, escaped exactly as before, and puts the values in. A template whose structure needs
// more than the audience and the stage (a condition on a contact's field, a loop variable in an
// output) cannot be split like this: its first render shows it, and it is rendered whole per
// recipient, as every template was before. Like Liquid's own parse cache, a compiled skeleton lives
// as long as the process: a template edited on disk is picked up by a restart. The text part is split
// the same way, with nothing to compile (mail/templates.ts).
import { Context, Output, type Emitter, type Liquid, type RenderOptions, type Template } from 'liquidjs';

/** Marks a skeleton render in the render's globals, where no template variable can reach it. */
const SKELETON = Symbol('harpoon.skeleton');

// Private-use characters: they pass MJML untouched and appear in no template (checked).
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

type Recorder = { outputs: Output[]; index: Map<Output, number> };

/** The parts of the scope a skeleton may depend on; anything else a tag reads makes it whole-render only. */
export type SkeletonScope = { audience: string; stage: string };

/**
 * The compiled HTML cut at its outputs: `parts[i]`, then the value of output `slots[i]`, and so on,
 * with the last part after the last slot.
 */
type Skeleton = { parts: string[]; slots: number[]; outputs: Output[] };

/**
 * The same text held one byte per character when it has no character past Latin-1. The placeholders
 * make the compiled HTML a two-byte string, and every string cut or made from it stays two-byte:
 * the email's HTML then took twice the memory, and each later pass over it (tracked links, the
 * quoted-printable encoding, the transfer encoding's scan) was slower.
 */
function oneByte(text: string): string {
  return /[^\x00-\xff]/.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1');
}

function cutAtPlaceholders(html: string, outputs: Output[]): Skeleton {
  const pieces = html.split(PLACEHOLDER);
  // split() with a capture group alternates text and the captured output number.
  return {
    parts: pieces.filter((_, i) => i % 2 === 0).map(oneByte),
    slots: pieces.filter((_, i) => i % 2 === 1).map(Number),
    outputs,
  };
}

/**
 * Lets `liquid` render with its outputs deferred when a render's globals ask for it. Every tag
 * renders its children through `liquid.renderer`, so outputs nested in layouts, blocks and audience
 * blocks are deferred too. Renders without the marker behave exactly as before.
 */
export function enableDeferredOutputs(liquid: Liquid): void {
  const renderer = liquid.renderer;
  const renderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = function* (templates: Template[], ctx: Context, emitter?: Emitter) {
    const recorder = (ctx.globals as { [SKELETON]?: Recorder })[SKELETON];
    if (!recorder) return yield renderTemplates(templates, ctx, emitter);
    const deferred = templates.map((tpl): Template => {
      if (!(tpl instanceof Output)) return tpl;
      let n = recorder.index.get(tpl);
      if (n === undefined) {
        n = recorder.outputs.push(tpl) - 1;
        recorder.index.set(tpl, n);
      }
      const placeholder = `${OPEN}${n}${CLOSE}`;
      return Object.assign(Object.create(tpl) as Template, {
        *render(_ctx: Context, out: Emitter) {
          out.write(placeholder);
        },
      });
    });
    return yield renderTemplates(deferred, ctx, emitter);
  };
}

export type CompiledHtml = {
  /**
   * The HTML of `file` for this scope, from the cached skeleton when the template can be split;
   * undefined when it cannot, and the caller renders it whole. `whole` is that per-recipient render
   * (Liquid, then MJML): the first recipient of each skeleton gets it, and the skeleton is kept only
   * if both renders agree to the byte. Errors of Liquid and of `whole` propagate.
   */
  render(file: string, scope: object & SkeletonScope, options: RenderOptions, whole: () => Promise<string>): Promise<string | undefined>;
};

export function createCompiledHtml(liquid: Liquid, compileMjml: (source: string) => Promise<string>): CompiledHtml {
  // null: cannot be split, render whole.
  const skeletons = new Map<string, Promise<Skeleton | null>>();

  async function buildSkeleton(file: string, scope: SkeletonScope): Promise<Skeleton | null> {
    const recorder: Recorder = { outputs: [], index: new Map() };
    let mjml: string;
    try {
      // Only the audience and the stage: a tag that reads anything else fails strict variables here.
      mjml = liquid.renderFileSync(file, { audience: scope.audience, stage: scope.stage }, { globals: { [SKELETON]: recorder } }) as string;
    } catch {
      return null;
    }
    if (mjml.split(OPEN).length - 1 !== [...mjml.matchAll(PLACEHOLDER)].length) return null;
    try {
      return cutAtPlaceholders(await compileMjml(mjml), recorder.outputs);
    } catch {
      return null; // e.g. an output inside an attribute MJML validates: the whole render reports it
    }
  }

  function fill(skeleton: Skeleton, scope: object, options: RenderOptions): string {
    // One context for every output of the recipient, as a whole render has: a context per output
    // (what renderSync makes from a plain scope) was a third of the time spent composing an email.
    const ctx = new Context(scope, liquid.options, { ...options, sync: true }, { liquid });
    const values = skeleton.outputs.map((output) => liquid.renderSync([output], ctx) as string);
    const { parts, slots } = skeleton;
    let html = parts[0]!;
    for (let i = 0; i < slots.length; i++) html += values[slots[i]!]! + parts[i + 1]!;
    return html;
  }

  /** Whether the split render of this recipient gives the whole render's HTML to the byte. */
  function agrees(candidate: Skeleton, whole: string, scope: object, options: RenderOptions): boolean {
    try {
      return fill(candidate, scope, options) === whole;
    } catch {
      return false; // an output that needs a loop variable or an assigned value
    }
  }

  return {
    async render(file, scope, options, wholeRender) {
      const key = `${file}\u0000${scope.audience}\u0000${scope.stage}`;
      const known = skeletons.get(key);
      if (known) {
        const skeleton = await known;
        return skeleton ? fill(skeleton, scope, options) : undefined;
      }
      // The first recipient is rendered both ways, and the split is kept only if the two agree: a
      // template whose outputs depend on what a split render cannot see shows up as a difference.
      let decide!: (skeleton: Skeleton | null) => void;
      skeletons.set(key, new Promise((resolve) => (decide = resolve)));
      try {
        const candidate = await buildSkeleton(file, scope);
        const whole = await wholeRender();
        decide(candidate && agrees(candidate, whole, scope, options) ? candidate : null);
        return whole;
      } catch (err) {
        // This recipient's render failed as it always would have; the next one tries afresh.
        skeletons.delete(key);
        decide(null);
        throw err;
      }
    },
  };
}
