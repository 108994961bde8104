// An error in words, with what caused it: Temporal's client wraps the reason a call failed (the
// gRPC status, a query handler's own message) in an outer error whose message says only which call
// failed ("Failed to query Workflow"), so the outer message alone tells an operator nothing.

/** `outer: cause: cause's cause`, each message once; a gRPC error's `details` count as its message. */
export function errorWithCauses(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const said = e instanceof Error ? e.message : String(e);
    const details = (e as { details?: unknown }).details;
    for (const text of [said, typeof details === 'string' ? details : '']) {
      if (text && !parts.some((p) => p.includes(text))) parts.push(text);
    }
  }
  return parts.join(': ');
}
