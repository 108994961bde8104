// How the API says no: one JSON shape for every error, every field error with its path, and never a
// stack trace. An unexpected failure gets an error id, which is in the server's log with the cause.
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { nameFields } from '../domain/fields/field-ref';
import { UseCaseError, type UseCaseErrorKind } from '../domain/use-case-error';
import { collectKnownPaths } from './known-paths';
import { notFoundPage, tryAgainPage } from './pages';
import { errorWithCauses } from '../client/error-words';
import { withIndefiniteArticle } from '../domain/words/indefinite-article';

/** The status of a use-case's refusal: the API answers it, and the console's pages carry it too. */
export const statusOf: Record<UseCaseErrorKind, 400 | 403 | 404 | 409> = { not_found: 404, forbidden: 403, conflict: 409, invalid: 400 };

/** A refusal of the HTTP layer itself: no key, a key of another role, Temporal unreachable, a codec call from elsewhere. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 429 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const errorBody = z
  .object({
    error: z.string().describe('what is wrong and how to fix it'),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('every invalid field, with its path'),
    details: z.array(z.string()).optional(),
    errorId: z.string().optional().describe('for a 500: quote it to whoever reads the server log'),
  })
  .meta({ id: 'Error' });

/** Answered in JSON: the /v1 API and the codec endpoint (api/codec.ts). */
const isApi = (url: string) => url.startsWith('/v1/') || url === '/v1' || url.startsWith('/codec/');

const requestParts = ['params', 'querystring', 'body'] as const;

/**
 * The one mapping from a field a shared rule names (domain/fields/field-ref.ts) to where it is in
 * this route's request, `querystring.from` or `body.reason`: found in the route's own schemas, so
 * every /v1 route gets it without saying anything.
 */
export const fieldInRequest = (schema: FastifySchema | undefined) => (name: string) => {
  const part = requestParts.find((p) => {
    const shape = (schema?.[p] as { shape?: Record<string, unknown> } | undefined)?.shape;
    return shape !== undefined && Object.hasOwn(shape, name);
  });
  return `${part ?? 'body'}.${name}`;
};

/** The most a request body may weigh (http/server.ts); a batch's own maximum count is in its schema. */
export const bodyLimitBytes = 4 * 1024 * 1024;

/**
 * Fastify's router refuses a URL it cannot decode (`%E0%A4%A`) before any hook or error handler
 * runs; given to Fastify as `frameworkErrors`, so that refusal too comes in the API's shape (a page
 * for people elsewhere).
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (!isApi(req.url)) return void reply.code(400).type('text/html; charset=utf-8').send(notFoundPage());
  void reply.code(400).send({ error: `the URL cannot be read (${err.message}): percent-encode each special character once, a space as %20, "/" in a value as %2F` });
}

/**
 * Why the API cannot read a body (415), and what to send: every /v1 body is JSON. A CSV file's rows
 * are sent as JSON rows, as the CLI's JSON import files hold them; the CLI imports the file itself.
 */
export function unreadableBody(contentType: string | undefined): string {
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  const what = type ? `a body of Content-Type ${type} cannot be read` : 'the body has no Content-Type';
  const csv = type === 'text/csv' ? ' (a CSV file: send its rows as a list of objects, one per row with the columns as fields, or import the file itself with the harpoon command line)' : '';
  return `${what}: send the body as JSON with Content-Type: application/json${csv}`;
}

type ValidationItem = { keyword: string; instancePath: string; message?: string; params: { expected?: unknown } };

/** The request's value at a validation item's path (`/events/0/type` in the body), undefined when absent. */
function valueAt(req: FastifyRequest, context: string | undefined, instancePath: string): unknown {
  const parts: Record<string, unknown> = { body: req.body, querystring: req.query, params: req.params, headers: req.headers };
  let value = parts[context ?? 'body'];
  for (const key of instancePath.split('/').filter(Boolean)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * A field the request left out says so ("missing, expected a string") where zod's own words would
 * say it received undefined; a message our schemas set is kept as written.
 */
function validationMessage(req: FastifyRequest, context: string | undefined, v: ValidationItem): string {
  const zodsOwn = v.message === undefined || v.message.startsWith('Invalid input: ');
  const absent = zodsOwn && v.keyword === 'invalid_type' && typeof v.params.expected === 'string' && valueAt(req, context, v.instancePath) === undefined;
  return absent ? `missing, expected ${withIndefiniteArticle(v.params.expected)}` : (v.message ?? 'invalid');
}

export function handleErrors(app: FastifyInstance, log: (line: string) => void): void {
  const knownPaths = collectKnownPaths(app);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const say = (message: string) => nameFields(message, fieldInRequest(req.routeOptions.schema));
    if (err instanceof ApiError) return reply.code(err.status).send({ error: say(err.message) });
    if (err instanceof UseCaseError) {
      // Where in the request each field is (`body.url`), as the schema's own issues say it.
      const where = fieldInRequest(req.routeOptions.schema);
      const issues = err.fields.map((f) => ({ path: /^(params|querystring|body)(\.|$)/.test(f.field) ? f.field : where(f.field), message: say(f.message) }));
      return reply.code(statusOf[err.kind]).send({
        error: say(err.message),
        ...(issues.length > 0 ? { issues } : {}),
        ...(err.details.length > 0 ? { details: err.details.map(say) } : {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = (err.validation as ValidationItem[]).map((v) => ({
        path: [err.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: say(validationMessage(req, err.validationContext, v)),
      }));
      return reply.code(400).send({ error: `invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = req.routeOptions.bodyLimit ?? bodyLimitBytes;
      return reply.code(413).send({ error: `request body too large: the limit is ${limit} bytes (${Math.round(limit / 1024)} KiB); send a smaller batch` });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' && isApi(req.url)) return reply.code(415).send({ error: unreadableBody(req.headers['content-type']) });
    // Fastify's words for these name its own setting; these say what to send.
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.code(400).send({ error: 'the body is empty while Content-Type says JSON: send {} for an action that takes no fields (as accept), or leave out the Content-Type' });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return reply.code(400).send({ error: 'the body is not valid JSON (check its quotes, commas and brackets)' });
    // Fastify's own other 4xx (malformed JSON, say) say what is wrong.
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: err.message });
    }
    const errorId = randomUUID();
    // The route pattern, not the URL: query strings and link tokens stay out of the log.
    log(`[http] error ${errorId} in ${req.method} ${req.routeOptions.url ?? '(no route)'}: ${errorWithCauses(err)}\n${err.stack ?? ''}`);
    if (!isApi(req.url)) return reply.code(500).type('text/html; charset=utf-8').send(tryAgainPage());
    return reply.code(500).send({ error: `internal error ${errorId}: it is in the server log; try again, or report it with this id`, errorId });
  });

  // Before the body is read: a method such as QUERY would otherwise be refused for its missing
  // Content-Type before anyone says the path does not take it.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.is404 || !isApi(req.url)) return;
    const path = req.url.split('?')[0]!;
    const allowed = knownPaths.methodsOf(path);
    if (allowed.length === 0) return;
    return reply.code(405).header('Allow', allowed.join(', ')).send({ error: `${req.method} is not allowed on ${path}: it answers ${allowed.join(', ')}; see /docs` });
  });

  app.setNotFoundHandler((req, reply) => {
    if (isApi(req.url)) return reply.code(404).send({ error: `no such endpoint: ${req.method} ${req.url.split('?')[0]}; see /docs` });
    return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage());
  });
}
