// Loads the published, immutable journey version a workflow runs on.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client';
import { journeyDefinitionSchema, type JourneyDefinition } from '../domain/journey/definition';

// A published (key, version) never changes, so it is read and validated once per worker process.
// Bounded only against a pathological number of versions: a worker runs a handful.
const cacheLimit = 500;

export function createJourneyDefinitionActivities(db: Db) {
  const parsed = new Map<string, JourneyDefinition>();
  return {
    async loadJourneyDefinition(ref: { key: string; version: number }): Promise<JourneyDefinition> {
      const cacheKey = `${ref.key}@${ref.version}`;
      const cached = parsed.get(cacheKey);
      if (cached) return cached;
      const row = await db.journeyVersion.findUnique({ where: { key_version: ref } });
      if (!row) {
        throw ApplicationFailure.nonRetryable(
          `Journey ${ref.key} version ${ref.version} is not published`,
          'JourneyVersionNotFound',
        );
      }
      const definition = journeyDefinitionSchema.parse(row.definition);
      if (parsed.size >= cacheLimit) parsed.clear();
      parsed.set(cacheKey, definition);
      return definition;
    },
  };
}
