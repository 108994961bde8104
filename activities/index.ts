// All of Harpoon's activities, built around their dependencies so tests can give them a fresh
// database file (and, for email, a real loopback SMTP server).
import type { Db } from '../db/client';
import { createJourneyRunActivities } from './journey-runs';

export type ActivityDeps = { db: Db };

export function createActivities(deps: ActivityDeps) {
  return {
    ...createJourneyRunActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
