// An error in words, with what caused it: Temporal's client wraps the reason a call failed (the
// gRPC status, a query handler's own message) in an outer error whose message says only which call
// failed ("Failed to query Workflow"), so the outer message alone tells an operator nothing. Prisma
// does the same with the database's own words ("SQLITE_BUSY database is locked"), which it keeps
// in the error's `meta` under a message such as "Operation has timed out".

type DriverError = { meta?: { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } } };

/** What the database driver said under a Prisma error, or ''. */
function driverSaid(e: unknown): string {
  const cause = (e as DriverError | undefined)?.meta?.driverAdapterError?.cause;
  return cause ? [cause.originalCode, cause.originalMessage].filter(Boolean).join(' ') : '';
}

/**
 * `outer: cause: cause's cause`, each message once; a gRPC error's `details` and a Prisma error's
 * driver message count as its message.
 */
export function errorWithCauses(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const said = e instanceof Error ? e.message : String(e);
    const details = (e as { details?: unknown }).details;
    for (const text of [said, typeof details === 'string' ? details : '', driverSaid(e)]) {
      if (text && !parts.some((p) => p.includes(text))) parts.push(text);
    }
  }
  return parts.join(': ');
}
