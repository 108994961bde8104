// Loads the published, immutable journey version a workflow runs on.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db/client';
import { journeyDefinitionSchema, type JourneyDefinition } from '../domain/journey/definition';

export function createJourneyDefinitionActivities(db: Db) {
  return {
    async loadJourneyDefinition(ref: { key: string; version: number }): Promise<JourneyDefinition> {
      const row = await db.journeyVersion.findUnique({ where: { key_version: ref } });
      if (!row) {
        throw ApplicationFailure.nonRetryable(
          `Journey ${ref.key} version ${ref.version} is not published`,
          'JourneyVersionNotFound',
        );
      }
      return journeyDefinitionSchema.parse(row.definition);
    },
  };
}
