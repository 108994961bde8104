// What a newcomer sees right after the first `npm start`: the fictional sample accounts, the sample
// journeys published, and the demo journey running for the demo account. Only on an empty database:
// a later start must not undo what an operator did since (a stopped demo journey started again, a
// journey or event edited and published overwritten by the sample file).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { findAccountByDomain } from '../accounts/find-account';
import { seedSampleData } from '../accounts/seed-sample-data';
import { launchForAccounts } from '../use-cases/launch';
import { projectRoot, type Config } from '../config/env';
import type { Db } from '../db/client';
import { createEventFromFile } from '../programme-events/event-file';
import { UseCaseError } from '../domain/use-case-error';
import { publishJourneyFile } from '../journeys/catalog';

export const demoDomain = 'demo.harpoon.example';
export const demoJourneyKey = 'demo';
const sampleJourneysDir = path.join(projectRoot, 'journeys');
const sampleEventsDir = path.join(projectRoot, 'samples', 'events');

export async function seedDemo(db: Db, client: Client, cfg: Config): Promise<string[]> {
  const lines: string[] = [];
  const seeded = await seedSampleData(db);
  if (!seeded.seeded) return [`sample data not seeded: ${seeded.reason} (the sample is for an empty database)`];
  lines.push(`seeded the sample: ${seeded.reports.map((r) => `${r.created} ${r.what}`).join(', ')}`);

  // The sample events the sample journeys invite to.
  for (const name of readdirSync(sampleEventsDir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
    const saved = await createEventFromFile(db, path.join(sampleEventsDir, name));
    if (saved.created) lines.push(`created event ${saved.key}`);
  }

  for (const name of readdirSync(sampleJourneysDir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
    try {
      const published = await publishJourneyFile(db, path.join(sampleJourneysDir, name));
      if (published.created) lines.push(`published journey ${published.key} version ${published.version}`);
    } catch (err) {
      // A journey with problems (each a field of the refusal) is left out; an unreadable file is not.
      if (!(err instanceof UseCaseError) || err.fields.length === 0) throw err;
      lines.push(`journeys/${name} was not published: ${err.fields.length} problem(s); run "npx harpoon journeys validate journeys/${name}"`);
    }
  }

  const demo = await findAccountByDomain(db, demoDomain);
  if (!demo) return [...lines, `no demo journey: the account ${demoDomain} does not exist`];
  const summary = await launchForAccounts(db, client, cfg.temporal.taskQueue, demoJourneyKey, [demo]);
  if (summary.notEligible.length > 0) return [...lines, `no demo journey: ${summary.notEligible[0]!.reason}`];
  const state = summary.started.length > 0 ? 'started' : 'already running';
  return [...lines, `demo journey for ${demoDomain}: ${state} (journey/${demoJourneyKey}/${demo.id})`];
}
