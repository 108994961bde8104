// The Liquid dialect of Harpoon's email templates: strict about variables and filters, plus the
// additions documented in templates/README.md: `{% audience leader %}...{% endaudience %}` blocks,
// the `track` filter that marks a link and its tag, and `with_article` ("an aerospace").
import {
  Liquid,
  Tag,
  type Context,
  type Emitter,
  type Parser,
  type RenderOptions,
  type TagToken,
  type Template,
  type TopLevelToken,
} from 'liquidjs';
import { AUDIENCES, isAudience } from './audience';
import { withIndefiniteArticle } from '../domain/words/indefinite-article';

/** Turns a template's link into the URL the recipient gets; compose.ts signs the click token here. */
export type LinkTracker = (url: string, tag: string | undefined) => string;

// A symbol, so no template variable can reach or shadow the tracker.
const LINK_TRACKER = Symbol('harpoon.linkTracker');

const TAG_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

class AudienceTag extends Tag {
  private readonly audiences: string[] = [];
  private readonly templates: Template[] = [];

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    for (const name of token.args.split(/[\s,]+/).filter(Boolean)) {
      // Thrown while parsing, so a misspelt audience fails `journeys validate` with its line.
      if (!isAudience(name)) throw new Error(`unknown audience "${name}" (expected ${AUDIENCES.join(', ')})`);
      this.audiences.push(name);
    }
    if (this.audiences.length === 0) throw new Error(`audience: name at least one of ${AUDIENCES.join(', ')}`);
    const stream = parser
      .parseStream(remainTokens)
      .on('tag:endaudience', () => stream.stop())
      .on('template', (tpl: Template) => this.templates.push(tpl))
      .on('end', () => {
        throw new Error(`tag ${token.getText()} not closed`);
      });
    stream.start();
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    if (this.audiences.includes(ctx.getSync(['audience']) as string)) {
      yield this.liquid.renderer.renderTemplates(this.templates, ctx, emitter);
    }
  }

  // Lets static analysis see the variables inside every block, not only the rendered one.
  *children(): Generator<unknown, Template[]> {
    return this.templates;
  }
}

function track(this: { context: Context }, url: unknown, tag?: unknown): string {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new Error(`track: expected an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (tag !== undefined && (typeof tag !== 'string' || !TAG_PATTERN.test(tag))) {
    throw new Error(`track: a tag is lower-case letters, digits, "-" or "_", got ${JSON.stringify(tag)}`);
  }
  const tracker = (this.context.globals as { [LINK_TRACKER]?: LinkTracker })[LINK_TRACKER];
  return tracker ? tracker(url, tag) : url;
}

/** `escapeOutput` for HTML parts: contact data then cannot inject markup into the email. */
export function createLiquid(root: string, escapeOutput: boolean): Liquid {
  const liquid = new Liquid({
    root: [root],
    extname: '',
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    cache: true,
    ...(escapeOutput ? { outputEscape: 'escape' as const } : {}),
  });
  liquid.registerTag('audience', AudienceTag);
  liquid.registerFilter('track', track);
  liquid.registerFilter('with_article', withIndefiniteArticle);
  return liquid;
}

export function trackingRenderOptions(tracker: LinkTracker | undefined): RenderOptions {
  return tracker ? { globals: { [LINK_TRACKER]: tracker } } : {};
}
