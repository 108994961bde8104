// One authenticated JSON call to a CRM's REST API, shared by the HubSpot and Salesforce clients.
// A short wait the CRM asks for (a rate limit's window, a brief 5xx) is waited here, a few times;
// anything longer, or still failing, is thrown as a CrmError for the caller's retry policy.
import type { z } from 'zod';
import { CrmError, ofUnsureCreate, type FailedAnswer } from './crm-error';

export type CrmCall<T> = {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
  /** For errors: "creating the company of acme.example". */
  what: string;
  /** The documented shape of the answer: another shape is an error no retry fixes. */
  answer: z.ZodType<T>;
  /**
   * A create: when its answer never comes (the network, a 5xx) the record may exist all the same,
   * so it is not repeated here; the caller searches for it first (reach/crm/link-store.ts).
   */
  creates?: boolean;
};
export type CrmFetch = <T>(call: CrmCall<T>) => Promise<T>;

export type CrmHttpOptions = {
  /** The CRM's name, for errors: HubSpot, Salesforce. */
  vendor: string;
  baseUrl: string;
  token: string;
  failure: (what: string, answer: FailedAnswer) => CrmError;
  /** Waits for the client-side rate limiter, if any, before each request. */
  beforeCall?: () => Promise<void>;
  /** Waits up to this long in-process for a retryable failure; beyond it the caller retries. */
  maxInlineWaitMs?: number;
  attempts?: number;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function crmHttp(opts: CrmHttpOptions): CrmFetch {
  const attempts = opts.attempts ?? 3;
  const maxWait = opts.maxInlineWaitMs ?? 15_000;
  const once = async <T>(call: CrmCall<T>): Promise<T> => {
    await opts.beforeCall?.();
    let res: Response;
    try {
      res = await fetch(`${opts.baseUrl}${call.path}`, {
        method: call.method,
        headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new CrmError(`cannot reach ${opts.baseUrl} while ${call.what} (${(err as Error).message})`, true, null, null, call.creates === true);
    }
    const text = await res.text();
    if (!res.ok) {
      const failure = opts.failure(call.what, { status: res.status, headers: res.headers, body: text });
      throw call.creates && res.status >= 500 ? ofUnsureCreate(failure) : failure;
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new CrmError(`${opts.vendor} answered ${call.what} with something other than JSON: ${text.slice(0, 120)}`, false);
    }
    const shaped = call.answer.safeParse(body);
    if (!shaped.success) throw new CrmError(`${opts.vendor} answered ${call.what} in an unexpected shape (${shaped.error.issues[0]?.message ?? 'invalid'} at ${shaped.error.issues[0]?.path.join('.') || 'the top'})`, false);
    return shaped.data;
  };
  return async <T>(call: CrmCall<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once<T>(call);
      } catch (err) {
        if (!(err instanceof CrmError) || !err.retryable || err.mayHaveCreated || attempt >= attempts) throw err;
        const wait = err.retryAfterMs ?? 500 * attempt;
        if (wait > maxWait) throw err;
        await pause(wait);
      }
    }
  };
}
