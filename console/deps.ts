// What every console page gets: the database, Temporal when a page acts on a workflow, the secret
// that signs sessions and task links, and where the Temporal Web UI is.
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client';
import type { ApiRole } from '../domain/access/roles';
import type { Viewer } from './session';

export type ConsoleDeps = {
  db: Db;
  /** A connected Temporal client; throws when Temporal cannot be reached. */
  temporal: () => Promise<Client>;
  /** A sentence for the top of every page while Temporal cannot be reached; undefined when it can. */
  temporalNotice?: () => Promise<string | undefined>;
  taskQueue: string;
  secret: string;
  temporalUi: { url: string; namespace: string };
  /** Wakes this process's journey dispatcher after events were queued, if it runs one. */
  kick?: () => void;
};

export type ConsolePages = (deps: ConsoleDeps) => (app: FastifyInstance) => Promise<void>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Console pages: who may open them; a page without it is public (sign-in, task links, assets). */
    consoleRoles?: readonly ApiRole[];
  }
  interface FastifyRequest {
    viewer?: Viewer;
  }
}

/** The viewer of a console page with `consoleRoles` (set by the session hook before any handler). */
export const viewer = (req: { viewer?: Viewer }): Viewer => req.viewer!;
