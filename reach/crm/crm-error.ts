// How a CRM call failed, in the words its caller needs: whether trying again can help and when.
// The feed's Temporal retry policy (or the next inbound round) does the retrying, and a person who
// ran `harpoon crm sync` does their own: so a message says what happened, and each caller says
// what follows from `retryable` and `retryAfterMs`. The vendors' documented answers are read into
// this by pure functions, unit-tested.
export class CrmError extends Error {
  constructor(
    message: string,
    /** false: the same call will fail again until a person fixes something (a token, a field). */
    readonly retryable: boolean,
    /** How long to wait before trying again, when the CRM said (a rate limit's window). */
    readonly retryAfterMs: number | null = null,
    /** The record the CRM already has for what a create asked for (HubSpot's 409 for a contact's e-mail). */
    readonly existingId: string | null = null,
    /** A create whose answer never came (the network, a 5xx): the CRM may have made the record all the same. */
    readonly mayHaveCreated = false,
  ) {
    super(message);
    this.name = 'CrmError';
  }
}

const waitUnits: [unit: string, ms: number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** A wait as a person says it, in its largest whole unit, rounded up: "1 hour", "2 minutes", "45 seconds". */
function waitInWords(ms: number): string {
  const [unit, size] = waitUnits.find(([, size]) => ms >= size) ?? ['second', 1000];
  const n = Math.max(1, Math.ceil(ms / size));
  return `${n} ${n === 1 ? unit : `${unit}s`}`;
}

/**
 * The failure as said to a person who made the call themselves (the CLI, which does not retry): a
 * failure that passes ends with when to try again.
 */
export function crmFailureForPerson(err: CrmError): string {
  if (!err.retryable) return err.message;
  return `${err.message}; try again ${err.retryAfterMs === null ? 'later' : `in ${waitInWords(err.retryAfterMs)}`}`;
}

/** The same failure, of a create that may have been carried out. */
export const ofUnsureCreate = (err: CrmError) => new CrmError(err.message, err.retryable, err.retryAfterMs, err.existingId, true);

/** What a failed HTTP answer means: the status, the headers and the body as text. */
export type FailedAnswer = { status: number; headers: Headers; body: string };

const seconds = (v: string | null) => (v !== null && /^\d+(\.\d+)?$/.test(v.trim()) ? Math.ceil(Number(v) * 1000) : null);

/**
 * HubSpot: 429 is its rate limit (the ten-secondly rolling window by default), to be retried after
 * Retry-After when sent, else after the window it names (X-HubSpot-RateLimit-Interval-Milliseconds);
 * 5xx are retried; 401 and 403 need a person (the private app's token or its scopes).
 */
export function hubspotFailure(what: string, a: FailedAnswer): CrmError {
  const detail = messageOf(a.body);
  if (a.status === 429) {
    const wait = seconds(a.headers.get('retry-after')) ?? Number(a.headers.get('x-hubspot-ratelimit-interval-milliseconds') ?? 10_000);
    return new CrmError(`HubSpot rate limit reached while ${what} (${detail})`, true, wait);
  }
  if (a.status === 401) return new CrmError(`HubSpot refused the token while ${what} (${detail}): set HARPOON_HUBSPOT_TOKEN to a valid private app token`, false);
  if (a.status === 403) return new CrmError(`HubSpot refused access while ${what} (${detail}): give the private app the CRM scopes for companies, contacts, deals, tasks and notes`, false);
  // A contact's e-mail is unique in HubSpot: a second create says which contact has it.
  const existing = a.status === 409 ? /Existing ID: (\d+)/.exec(detail)?.[1] : undefined;
  if (existing) return new CrmError(`HubSpot already has this record (${existing}) while ${what}`, false, null, existing);
  if (a.status >= 500) return new CrmError(`HubSpot failed while ${what} (HTTP ${a.status}: ${detail})`, true, seconds(a.headers.get('retry-after')));
  return new CrmError(`HubSpot rejected ${what} (HTTP ${a.status}: ${detail})`, false);
}

/**
 * Salesforce: errors come as [{ message, errorCode }]. REQUEST_LIMIT_EXCEEDED (403: the org's API
 * request limit) and 503 / 5xx are retried; INVALID_SESSION_ID (401) needs a new token.
 */
export function salesforceFailure(what: string, a: FailedAnswer): CrmError {
  const { code, message } = salesforceErrorOf(a.body);
  const detail = code ? `${code}: ${message}` : message;
  const retryAfter = seconds(a.headers.get('retry-after'));
  if (code === 'REQUEST_LIMIT_EXCEEDED') return new CrmError(`Salesforce API request limit reached while ${what} (${detail})`, true, retryAfter ?? 60_000);
  if (a.status === 401 || code === 'INVALID_SESSION_ID') {
    return new CrmError(`Salesforce refused the session while ${what} (${detail}): set HARPOON_SALESFORCE_TOKEN to a valid access token for HARPOON_SALESFORCE_URL`, false);
  }
  if (a.status >= 500) return new CrmError(`Salesforce failed while ${what} (HTTP ${a.status}: ${detail})`, true, retryAfter);
  return new CrmError(`Salesforce rejected ${what} (HTTP ${a.status}: ${detail})`, false);
}

function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: the text itself says it
  }
  return body.slice(0, 200) || 'no message';
}

function salesforceErrorOf(body: string): { code: string | null; message: string } {
  try {
    const parsed = JSON.parse(body) as unknown;
    const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { errorCode?: unknown; message?: unknown } | undefined;
    if (first && typeof first.errorCode === 'string') return { code: first.errorCode, message: String(first.message ?? '') };
  } catch {
    // not JSON: the text itself says it
  }
  return { code: null, message: body.slice(0, 200) || 'no message' };
}
