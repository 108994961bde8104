// Published journeys and how many accounts run them: a read model apart from the catalog, which
// brings the template engines along to validate files.
import type { Db } from '../db/client';

export async function listJourneys(db: Db) {
  const rows = await db.journeyVersion.findMany({ orderBy: [{ key: 'asc' }, { version: 'desc' }] });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.key)) latest.set(row.key, row);
  const running = await db.journeyRun.groupBy({ by: ['journeyKey', 'status'], _count: { _all: true } });
  return [...latest.values()].map((row) => ({
    key: row.key,
    name: row.name,
    latestVersion: row.version,
    publishedAt: row.publishedAt.toISOString(),
    journeys: Object.fromEntries(running.filter((r) => r.journeyKey === row.key).map((r) => [r.status, r._count._all])),
  }));
}
