// Email templates: templates/<key>/ holds a Liquid subject, a Liquid+MJML HTML body and a Liquid
// text body (see templates/README.md). Rendering happens at send time; checkTemplate runs the same
// steps synchronously for `journeys validate`, so a broken template never reaches a send.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { LiquidError, type Liquid, type Template } from 'liquidjs';
import { z } from 'zod';
import { projectRoot } from '../config/env';
import { AUDIENCES, audienceFor, type Audience } from './audience';
import { createCompiledHtml, enableDeferredOutputs } from './compiled-html';
import { createLiquid, trackingRenderOptions, type LinkTracker } from './liquid';
import { compileMjml, MjmlError, validateMjml } from './mjml';
import { addressName } from './person-name';
import type { TemplateCheck, TemplateUse } from '../domain/journey/validate';

export const templateContextSchema = z.object({
  contact: z.object({
    firstName: z.string(),
    lastName: z.string(),
    title: z.string(),
    role: z.string(),
    seniority: z.string(),
  }),
  account: z.object({ name: z.string(), industry: z.string() }),
  stage: z.string(),
  links: z.object({ unsubscribe: z.url(), register: z.url().optional(), decline: z.url().optional() }),
  /** Only in event invitations and reminders (invite steps); any other email that names it fails to render. */
  event: z
    .object({ title: z.string(), kind: z.string(), description: z.string(), starts: z.string(), ends: z.string(), timezone: z.string(), where: z.string() })
    .optional(),
});

export type TemplateContext = z.infer<typeof templateContextSchema>;
/** A template's check, as the journey validator reads it: whether it exists, what fails to render, and (for a use) why it does not suit that use. */
export type TemplateCheckResult = ReturnType<TemplateCheck>;
export type RenderedEmail = { subject: string; html: string; text: string };
export type RenderOptions = { trackLink?: LinkTracker };

export class TemplateError extends Error {
  constructor(
    readonly templateKey: string,
    readonly problems: string[],
  ) {
    super(`template "${templateKey}": ${problems.join('; ')}`);
    this.name = 'TemplateError';
  }
}

const PARTS = {
  subject: 'subject.liquid',
  html: 'body.mjml.liquid',
  text: 'body.txt.liquid',
} as const;
type Part = keyof typeof PARTS;
const partNames = Object.keys(PARTS) as Part[];

// Keys come from journey definitions: anything but a plain name could walk out of the directory.
const KEY_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

// One representative person per audience, so a check renders every content block at least once.
const sampleRoles: Record<Audience, { role: string; seniority: string }> = {
  leader: { role: 'budget_holder', seniority: 'executive' },
  user: { role: 'end_user', seniority: 'individual' },
  champion: { role: 'champion', seniority: 'manager' },
};

/**
 * What a template sees when sent for `use` (mail/compose.ts): an email step's email has no event and
 * no answer links; an invite step's invitations and reminders have both. Without a use, everything
 * any send may give (a check of the template alone).
 */
function sampleContext(audience: Audience, use?: TemplateUse): TemplateContext {
  const common = {
    contact: { firstName: 'Alex', lastName: 'Sample', title: 'Head of Operations', ...sampleRoles[audience] },
    account: { name: 'Sample Industries', industry: 'Automotive' },
    stage: 'engage',
  };
  const unsubscribe = 'https://harpoon.invalid/u/sample-token';
  if (use === 'email') return { ...common, links: { unsubscribe } };
  return {
    ...common,
    links: {
      unsubscribe,
      register: 'https://harpoon.invalid/e/register?t=sample-token',
      decline: 'https://harpoon.invalid/e/decline?t=sample-token',
    },
    event: {
      title: 'Executive roundtable',
      kind: 'roundtable',
      description: 'Two hours with peers',
      starts: 'Thursday 4 March 2027 at 17:00',
      ends: '19:00',
      timezone: 'Europe/Berlin',
      where: 'Hamburg',
    },
  };
}

/** What a template sees: the context, how to address the contact, and the audience its content blocks are chosen by. */
function scopeOf(ctx: TemplateContext) {
  const { firstName, lastName } = ctx.contact;
  return {
    ...ctx,
    contact: { ...ctx.contact, name: addressName(firstName, lastName) },
    audience: audienceFor(ctx.contact.role, ctx.contact.seniority),
  };
}

// Liquid's properties of strings and arrays, allowed after any known variable.
const BUILT_IN_PROPERTIES = new Set(['size', 'first', 'last']);

/** Whether a variable path such as contact.firstName exists in a scope; dynamic lookups pass. */
function resolves(scope: unknown, segments: unknown[]): boolean {
  let current = scope;
  for (const segment of segments) {
    if (typeof segment !== 'string' && typeof segment !== 'number') return true;
    if (current !== null && typeof current === 'object' && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return typeof segment === 'string' && BUILT_IN_PROPERTIES.has(segment) && current !== undefined;
    }
  }
  return true;
}

function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
// Liquid tags leave blank lines and trailing spaces behind; plain text shows every one of them.
const tidyText = (s: string) => `${s.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;

export type TemplateStore = ReturnType<typeof createTemplateStore>;

export type TemplateStoreOptions = {
  /** Compile each template's MJML once per audience and stage (mail/compiled-html.ts); false: per recipient. */
  compileOnce?: boolean;
};

export function createTemplateStore(dir: string, { compileOnce = true }: TemplateStoreOptions = {}) {
  const engines = { html: createLiquid(dir, true), plain: createLiquid(dir, false) };
  if (compileOnce) for (const engine of Object.values(engines)) enableDeferredOutputs(engine);
  const compiledHtml = compileOnce ? createCompiledHtml(engines.html, compileMjml) : undefined;
  // The text part splits the same way, with nothing to compile: its layout, blocks and audience
  // blocks cost more than its outputs.
  const compiledText = compileOnce ? createCompiledHtml(engines.plain, async (text) => text) : undefined;
  const engineFor = (part: Part): Liquid => (part === 'html' ? engines.html : engines.plain);
  const fileOf = (key: string, part: Part) => `${key}/${PARTS[part]}`;
  const sampleScope = scopeOf(sampleContext('leader'));

  function exists(key: string): boolean {
    return KEY_PATTERN.test(key) && existsSync(path.join(dir, key));
  }

  // A template rendered once stays renderable for the process, as Liquid's parse cache keeps its
  // files: a send asks the disk only for a key not seen yet. Checks still ask it every time.
  const rendered = new Set<string>();
  function renderable(key: string): boolean {
    if (rendered.has(key)) return true;
    if (!exists(key)) return false;
    rendered.add(key);
    return true;
  }

  function listTemplates(): string[] {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && KEY_PATTERN.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  }

  function describeLiquidError(file: string, err: unknown): string {
    if (!(err instanceof LiquidError)) return `${file}: ${(err as Error).message}`;
    // Liquid ends the message with "file:<absolute path>, line:N, col:M"; lead with the file it
    // happened in (maybe the layout), relative to the template directory.
    const origin = err.token?.file;
    if (!origin) return `${file}: ${err.message}`;
    return `${path.relative(dir, origin)}: ${err.message.replace(`file:${origin}, `, '')}`;
  }

  /**
   * Variables no send gives (errors, with file and line), and those only another use gives (as
   * `event.title` for an email step): `scope` is what the template sees in its use.
   */
  function unknownVariables(engine: Liquid, templates: Template[], scope: object): { errors: string[]; otherUse: string[] } {
    const errors: string[] = [];
    const otherUse: string[] = [];
    const known = leafPaths(scope).join(', ');
    for (const variables of Object.values(engine.analyzeSync(templates).globals)) {
      for (const variable of variables) {
        if (resolves(scope, variable.toArray())) continue;
        if (resolves(sampleScope, variable.toArray())) {
          otherUse.push(variable.toString());
          continue;
        }
        const { file, row } = variable.location;
        const where = file ? path.relative(dir, file) : '?';
        errors.push(`${where}:${row}: unknown variable ${variable.toString()} (known: ${known})`);
      }
    }
    return { errors, otherUse };
  }

  async function renderTemplate(key: string, ctx: TemplateContext, options: RenderOptions = {}): Promise<RenderedEmail> {
    if (!renderable(key)) throw new TemplateError(key, [`no such template (known: ${listTemplates().join(', ')})`]);
    const parsed = templateContextSchema.safeParse(ctx);
    if (!parsed.success) {
      throw new TemplateError(key, parsed.error.issues.map((i) => `context.${i.path.join('.')}: ${i.message}`));
    }
    const scope = scopeOf(parsed.data);
    const renderOptions = trackingRenderOptions(options.trackLink);
    const liquidFailure = (part: Part) => (err: unknown): never => {
      if (err instanceof TemplateError) throw err;
      throw new TemplateError(key, [describeLiquidError(fileOf(key, part), err)]);
    };
    // Synchronous, like every render on these engines: Liquid's asynchronous mode drives each tag
    // through promises (a fifth of an email's composing), and its parse cache would hand a pending
    // parse promise to a synchronous render of the same file (a check) if the two were mixed.
    const renderPart = (part: Part): string => {
      try {
        return engineFor(part).renderFileSync(fileOf(key, part), scope, renderOptions) as string;
      } catch (err) {
        return liquidFailure(part)(err);
      }
    };
    /** Liquid, then MJML: the whole HTML part for this one recipient. */
    const wholeHtml = async (): Promise<string> => {
      const mjml = renderPart('html');
      try {
        return await compileMjml(mjml);
      } catch (err) {
        if (!(err instanceof MjmlError)) throw err;
        throw new TemplateError(key, err.problems.map((p) => `${fileOf(key, 'html')} (as rendered): ${p}`));
      }
    };
    const htmlPart = async (): Promise<string> =>
      ((await compiledHtml?.render(fileOf(key, 'html'), scope, renderOptions, wholeHtml).catch(liquidFailure('html'))) ?? (await wholeHtml()));
    const textPart = async (): Promise<string> =>
      (await compiledText?.render(fileOf(key, 'text'), scope, renderOptions, async () => renderPart('text')).catch(liquidFailure('text'))) ??
      renderPart('text');
    const subject = renderPart('subject');
    const text = await textPart();
    const html = await htmlPart();
    return { subject: oneLine(subject), html, text: tidyText(text) };
  }

  /**
   * Everything that could fail at send time, checked synchronously: Liquid syntax, unknown
   * variables (in every branch, by static analysis), filters, then a render for each audience with
   * strict MJML validation and the unsubscribe link present in both parts. With a `use`, in the
   * context that use gives (see sampleContext); `unfit` says why the template does not suit it: an
   * email step's template that names the event, an invitation without the register and decline links.
   */
  function checkTemplate(key: string, use?: TemplateUse): TemplateCheckResult {
    if (!exists(key)) return { exists: false, errors: [] };
    const errors: string[] = [];
    const otherUse = new Set<string>();
    for (const part of partNames) {
      const file = fileOf(key, part);
      if (!existsSync(path.join(dir, file))) {
        errors.push(`${file}: missing`);
        continue;
      }
      try {
        const found = unknownVariables(engineFor(part), engineFor(part).parseFileSync(file), scopeOf(sampleContext('leader', use)));
        errors.push(...found.errors);
        for (const variable of found.otherUse) otherUse.add(variable);
      } catch (err) {
        errors.push(describeLiquidError(file, err));
      }
    }
    // Only an invite step's emails have the event and the answer links.
    const named = [...otherUse].slice(0, 3).join(', ') + (otherUse.size > 3 ? ' ...' : '');
    const unfit = otherUse.size > 0 ? `needs an event: use it in an invite step, or pick an email template (it uses ${named})` : undefined;
    // Rendering what does not parse would only repeat the same errors.
    if (errors.length > 0 || unfit) return { exists: true, errors, ...(unfit ? { unfit } : {}) };

    // A problem in shared markup shows up for every audience: report it once, naming them all.
    const audiencesOf = new Map<string, Audience[]>();
    const missingAnswerLinks = new Set<string>();
    for (const audience of AUDIENCES) {
      const ctx = sampleContext(audience, use);
      const rendered = {} as Record<Part, string>;
      const problems: string[] = [];
      for (const part of partNames) {
        try {
          rendered[part] = engineFor(part).renderFileSync(fileOf(key, part), scopeOf(ctx)) as string;
        } catch (err) {
          problems.push(describeLiquidError(fileOf(key, part), err));
        }
      }
      if (rendered.subject !== undefined && oneLine(rendered.subject) === '') {
        problems.push(`${fileOf(key, 'subject')}: renders an empty subject`);
      }
      if (rendered.html !== undefined) {
        problems.push(...validateMjml(rendered.html).map((p) => `${fileOf(key, 'html')} (as rendered): ${p}`));
      }
      for (const part of ['html', 'text'] as const) {
        if (rendered[part] !== undefined && !rendered[part].includes(ctx.links.unsubscribe)) {
          problems.push(`${fileOf(key, part)}: never renders {{ links.unsubscribe }}; every email needs it`);
        }
        if (use !== 'invitation' || rendered[part] === undefined) continue;
        for (const answer of ['register', 'decline'] as const) if (!rendered[part].includes(ctx.links[answer]!)) missingAnswerLinks.add(answer);
      }
      for (const problem of problems) audiencesOf.set(problem, [...(audiencesOf.get(problem) ?? []), audience]);
    }
    for (const [problem, audiences] of audiencesOf) {
      errors.push(audiences.length === AUDIENCES.length ? problem : `${problem} (for ${audiences.join(', ')})`);
    }
    if (missingAnswerLinks.size === 0) return { exists: true, errors };
    const links = [...missingAnswerLinks].map((a) => `{{ links.${a} }}`).join(' and ');
    return { exists: true, errors, unfit: `is no invitation: it never renders ${links} in both its parts, so invitees could not answer; pick an invitation template such as event-invitation, or add the links` };
  }

  return { listTemplates, renderTemplate, checkTemplate };
}

const defaultStore = createTemplateStore(path.join(projectRoot, 'templates'));

export const listTemplates = (): string[] => defaultStore.listTemplates();
export const renderTemplate = (key: string, ctx: TemplateContext, options?: RenderOptions): Promise<RenderedEmail> =>
  defaultStore.renderTemplate(key, ctx, options);
export const checkTemplate = (key: string, use?: TemplateUse): TemplateCheckResult => defaultStore.checkTemplate(key, use);
