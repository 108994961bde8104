// The A/B tests of the published journeys: every email step with variants, in every stored version
// (a running journey may still be on an older one), from the catalog's definitions.
import type { Db } from '../db/client';
import { journeyDefinitionSchema } from '../domain/journey/definition';
import { experimentOf, type Experiment } from '../domain/measurement/variant-assignment';

export async function publishedExperiments(db: Db, journeyKey?: string): Promise<Experiment[]> {
  const versions = await db.journeyVersion.findMany({
    where: journeyKey === undefined ? {} : { key: journeyKey },
    select: { key: true, version: true, definition: true },
    orderBy: [{ key: 'asc' }, { version: 'asc' }],
  });
  return versions.flatMap((v) => {
    // Stored definitions were valid when published; one that no longer parses has no test to show.
    const parsed = journeyDefinitionSchema.safeParse(v.definition);
    if (!parsed.success) return [];
    return parsed.data.stages.flatMap((stage) =>
      stage.steps.flatMap((step) => {
        const experiment = step.type === 'email' ? experimentOf(v.key, v.version, step) : undefined;
        return experiment ? [experiment] : [];
      }),
    );
  });
}
