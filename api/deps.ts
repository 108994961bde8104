// What every API resource gets: the database, Temporal when it is needed, and the dispatcher's wake-up.
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/client';

export type ApiDeps = {
  db: Db;
  /** A connected Temporal client; throws (answered 503) when Temporal cannot be reached. */
  temporal: () => Promise<Client>;
  taskQueue: string;
  /** Wakes this process's journey dispatcher after events were queued, if it runs one. */
  kick?: () => void;
  /** The local SMTP sink's outbox, searched by data-subject exports and erasures; default: the configured one. */
  outboxDir?: string;
  /** Calls a minute each API key may make (HARPOON_API_RATE_LIMIT); undefined or 0: no limit. */
  callsPerMinute?: number;
};

export type ApiRoutes = (deps: ApiDeps) => FastifyPluginAsyncZod;
