// What the audit log keeps of an action, as pure functions: which actions are audited at each door,
// and its parameters with every e-mail address replaced, so the log holds no one's address (an
// erasure need not, and cannot, touch an append-only log) while the same address still reads the same.
import { createHash } from 'node:crypto';

const address = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** `email#` and the first 12 hex digits of the SHA-256 of the lower-case address (as the erasure's suppression hashes it). */
export const addressTag = (email: string) => `email#${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 12)}`;

/** A URL's path and query: where a chat channel's incoming webhook keeps its credential. */
const urlPath = /(https?:\/\/[^/\s?#]+)[/?#][^\s]*/g;

/**
 * A value with every address in every string replaced by its tag, and every URL cut to its origin
 * (`harpoon alerts add slack <url>`: whoever holds the whole URL can post to the channel).
 */
export function withoutAddresses(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(urlPath, '$1/…').replace(address, addressTag);
  if (Array.isArray(value)) return value.map(withoutAddresses);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutAddresses(v)]));
  return value;
}

/**
 * Requests that change nothing although they are not GETs: checking a draft, forecasting one, and
 * the engagement feed (machine traffic by the thousand a minute, each event on the timeline already).
 */
const unauditedRequests = new Set(['POST /v1/journeys/validate', 'POST /v1/engagement-events', 'POST /v1/events', 'POST /console/journeys/forecast', 'POST /console/journeys/forecast.csv']);

/** Reads that are audited all the same: a person's whole record (a data-subject access request), as `contacts export` is. */
const auditedReads = new Set(['GET /v1/contacts/:ref/personal-data']);

/** Whether an HTTP request that succeeded is audited: every one that may change something, and reads of a person's whole record. */
export const isAuditedRequest = (method: string, route: string) =>
  auditedReads.has(`${method} ${route}`) || (!['GET', 'HEAD', 'OPTIONS'].includes(method) && !unauditedRequests.has(`${method} ${route}`));

/** Commands that only read (and the groups of them); every other command is audited, `contacts export` included (it reads personal data). */
const readingCommands = new Set(['list', 'show', 'inbox', 'status', 'forecast', 'validate', 'timeline', 'help', 'proposals', 'deliveries', 'rep-tasks']);
const readingGroups = new Set(['report', 'mail', 'audit', 'start', 'serve']);

/** Whether a command, by its path below `harpoon` (`['keys', 'create']`), is audited. */
export const isAuditedCommand = (path: readonly string[]) => path.length > 0 && !readingGroups.has(path[0]!) && !readingCommands.has(path[path.length - 1]!);
