// A tier of thousands of accounts in one launch: the launch reads every account's previous run
// before it starts anything, and that read once failed past 999 accounts (Prisma's assumed SQLite
// limit on bound values). 6,000 accounts that all ran the journey before and may not enter again:
// each is refused with its own previous run, so the read found the runs of all of them.
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchForAccounts } from '../../use-cases/launch';
import type { Db } from '../../db/client';
import { journeyDefinitionSchema } from '../../domain/journey/definition';
import { publishJourney } from '../../journeys/catalog';
import { freshDb } from '../support/fresh-db';

const ACCOUNTS = 6_000;
let db: Db;

beforeAll(async () => {
  ({ db } = await freshDb());
  await publishJourney(
    db,
    journeyDefinitionSchema.parse({
      key: 'big-tier',
      name: 'Big tier',
      reentry: { policy: 'once' },
      stages: [{ key: 'engage', steps: [{ id: 'bye', type: 'exit', reason: 'done' }] }],
    }),
  );
  await db.account.createMany({ data: Array.from({ length: ACCOUNTS }, (_, i) => ({ domain: `tier-${i}.example`, name: `Tier ${i}`, tier: 3, poolStatus: 'target' })) });
  const accounts = await db.account.findMany({ select: { id: true } });
  const endedAt = new Date('2026-01-05T00:00:00Z');
  await db.journeyRun.createMany({
    data: accounts.map((a) => ({ workflowId: `journey/big-tier/${a.id}`, journeyKey: 'big-tier', journeyVersion: 1, accountId: a.id, status: 'completed', endedAt, exitReason: 'done' })),
  });
});

afterAll(() => db.$disconnect());

it('reads the previous runs of a 6,000-account tier and refuses each account by its own run', async () => {
  const accounts = await db.account.findMany({ orderBy: { domain: 'asc' } });
  // Nothing is started, so the client never connects to a server.
  const summary = await launchForAccounts(db, new Client(), 'unused', 'big-tier', accounts);
  expect(summary.started).toEqual([]);
  expect(summary.notEligible).toHaveLength(ACCOUNTS);
  expect(summary.notEligible.every((n) => n.reason.startsWith('re-entry policy once: its previous run ended 2026-01-05'))).toBe(true);
});
