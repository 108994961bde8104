// One HTTP attempt at a reach delivery and what it means: delivered, worth retrying (5xx, 408, 429,
// the network), or refused for good (any other 4xx, a redirect). The decision is pure (outcomeOf),
// so it is unit-tested without a server.

export type OutgoingRequest = { url: string; headers: Record<string, string>; body: string };

/** What one attempt at a delivery did; `status` is the HTTP status of the last answer, if there was one. */
export type AttemptOutcome =
  | { kind: 'delivered'; status: number | null }
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs?: number }
  | { kind: 'refused'; status: number | null; error: string };

/** A Retry-After longer than this is not waited out in one go: the normal backoff takes over. */
const longestRetryAfterMs = 60 * 60_000;

/** Retry-After: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - nowMs;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), longestRetryAfterMs) : undefined;
}

export function outcomeOf(status: number, answer: { retryAfter: string | null; snippet: string }, nowMs: number): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  const error = `answered ${status}${answer.snippet ? `: ${answer.snippet}` : ''}`;
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', status, error, retryAfterMs: retryAfterMs(answer.retryAfter, nowMs) };
  if (status >= 300 && status < 400) return { kind: 'refused', status, error: `${error} (a redirect: register the final URL)` };
  return { kind: 'refused', status, error };
}

export async function attempt(req: OutgoingRequest, timeoutMs: number): Promise<AttemptOutcome> {
  const started = Date.now();
  try {
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text().catch(() => '');
    return outcomeOf(res.status, { retryAfter: res.headers.get('retry-after'), snippet: text.replace(/\s+/g, ' ').trim().slice(0, 200) }, started);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (err as Error).message);
    return { kind: 'retry', status: null, error: `could not reach ${new URL(req.url).host}: ${why}` };
  }
}
