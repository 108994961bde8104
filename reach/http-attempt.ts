// One HTTP attempt at a reach delivery and what it means: delivered, worth retrying (5xx, 408, 429,
// the network), or refused for good (any other 4xx, a redirect). The decision is pure (outcomeOf),
// so it is unit-tested without a server; a failure says whether the request left, as the receiver
// may have acted on one it took without answering.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

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
  const host = new URL(req.url).host;
  const signal = AbortSignal.timeout(timeoutMs);
  const progress = { sent: false };
  try {
    const answer = await post(req, signal, progress);
    return outcomeOf(answer.status, { retryAfter: answer.retryAfter, snippet: answer.text.replace(/\s+/g, ' ').trim().slice(0, 200) }, started);
  } catch (err) {
    const within = `no answer within ${timeoutMs / 1000} s`;
    // A receiver that took the request may have acted on it: whoever replays the delivery must know.
    if (signal.aborted && progress.sent) return { kind: 'retry', status: null, error: `sent, but ${within} from ${host}` };
    const why = signal.aborted ? within : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
    return { kind: 'retry', status: null, error: `could not reach ${host}: ${why}` };
  }
}

/** Enough of an answer to say what went wrong; the rest is not kept in memory. */
const keptAnswerBytes = 4096;

/**
 * One POST with node:http rather than fetch, which cannot tell whether a request that got no answer
 * ever left: `progress.sent` is set once the whole request is handed to the connection. Redirects
 * are not followed (a redirect is an answer, refused in outcomeOf).
 */
function post(req: OutgoingRequest, signal: AbortSignal, progress: { sent: boolean }): Promise<{ status: number; retryAfter: string | null; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // Some gateways in front of receivers refuse a request without a User-Agent.
    const headers = { 'user-agent': 'Harpoon', ...req.headers, 'content-length': Buffer.byteLength(req.body) };
    const outgoing = send(url, { method: 'POST', headers, signal }, (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < keptAnswerBytes) chunks.push(chunk);
        kept += chunk.length;
      });
      const retryAfter = res.headers['retry-after'];
      // An answer cut short still has its status, which is what decides.
      const answered = () => resolve({ status: res.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, text: Buffer.concat(chunks).toString('utf8') });
      res.on('error', answered);
      res.on('close', answered);
    });
    outgoing.on('finish', () => (progress.sent = true));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}
