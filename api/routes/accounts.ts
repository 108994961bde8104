// /v1/accounts: the pool (list, show, timeline) and imports. A sales key sees the accounts its rep owns.
import { z } from 'zod';
import { getAccountView, listAccounts } from '../../accounts/account-view';
import { accountImporter } from '../../accounts/import-accounts';
import { accountRowSchema } from '../../domain/accounts/account-row';
import { importTable } from '../../accounts/import-table';
import { parseTable } from '../../accounts/read-table';
import { loadScoringModel } from '../../config/scoring';
import { marketingOnly, withSales } from '../../domain/access/roles';
import { poolStatus, tier } from '../../domain/accounts/vocabulary';
import { accountTimeline } from '../../timeline/account-timeline';
import type { ApiRoutes } from '../deps';
import { accountFor } from '../../accounts/find-account';
import { actingUserOf } from '../auth';
import { accountSummary, accountTimelineReply, accountView, importReport } from '../responses/accounts';

export const accountParams = z.object({ account: z.string().min(1).describe('the account domain (any form) or id') });
/** The most rows one import takes; a larger file is split by the caller. */
export const maxImportRows = 50_000;
/** Rows as the CLI's JSON import files hold them: one object per row, columns as keys. */
const importRows = z
  .array(z.record(z.string(), z.unknown(), { error: 'expected a row: an object with the columns as fields' }), {
    // An object where the list belongs (one row, or rows wrapped in a field) is the likeliest mistake.
    error: 'expected the rows as a list: [{...}, {...}], one object per row with its columns as fields',
  })
  .min(1, 'expected at least one row')
  .max(maxImportRows, `expected at most ${maxImportRows.toLocaleString('en')} rows: split the import`);

/**
 * An import's body: the import itself checks each row against `row` (so every bad row is listed
 * at once, as `row N, column X`, as the CLI says it), and the document shows that row's columns.
 */
export const importRowsOf = (row: z.ZodType) => {
  const { $schema: _, ...items } = z.toJSONSchema(row, { io: 'input', unrepresentable: 'any' });
  return importRows.meta({ items });
};

/** A tier in a query string, where it arrives as text: the document lists the three values. */
export const tierParam = z.enum(['1', '2', '3'], { error: 'expected 1, 2 or 3' }).transform((t) => tier.parse(Number(t)));

/** The rows of a request as a table; its messages name "the request body", not a file the caller never sent. */
export const rowsTable = (rows: unknown[]) => parseTable('the request body', JSON.stringify(rows));

export const accountRoutes: ApiRoutes = (deps) => async (app) => {
  const { db } = deps;

  app.get(
    '/accounts',
    {
      config: { roles: withSales },
      schema: {
        tags: ['accounts'],
        summary: 'The pool, best tier and score first (a sales key: its rep\'s accounts)',
        querystring: z.object({ tier: tierParam.optional(), status: poolStatus.optional() }),
        response: { 200: z.array(accountSummary) },
      },
    },
    (req) => listAccounts(db, req.query, actingUserOf(req)),
  );

  app.post(
    '/accounts/import',
    { config: { roles: marketingOnly }, schema: { tags: ['accounts'], summary: 'Import or update accounts by domain (all or nothing)', body: importRowsOf(accountRowSchema), response: { 200: importReport } } },
    (req) => importTable(db, accountImporter, rowsTable(req.body), { actor: 'import', model: loadScoringModel() }),
  );

  app.get(
    '/accounts/:account',
    { config: { roles: withSales }, schema: { tags: ['accounts'], summary: 'One account explained: score, tier, buying group, history', params: accountParams, response: { 200: accountView } } },
    async (req) => getAccountView(db, (await accountFor(db, actingUserOf(req), req.params.account)).domain),
  );

  app.get(
    '/accounts/:account/timeline',
    { config: { roles: withSales }, schema: { tags: ['accounts'], summary: "One account's full history", params: accountParams, response: { 200: accountTimelineReply } } },
    async (req) => {
      const account = await accountFor(db, actingUserOf(req), req.params.account);
      return { account: { id: account.id, domain: account.domain, name: account.name }, timeline: await accountTimeline(db, account.id) };
    },
  );
};
