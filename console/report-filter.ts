// The report filter as console pages show it (journey, tier, owner, period) and read it back from
// the query string: shared by the dashboard and the attribution page, so both take the same words,
// name owners the same way and say the same problems.
import type { z } from 'zod';
import type { Db } from '../db/client';
import { forForm } from '../domain/fields/field-ref';
import { UseCaseError } from '../domain/use-case-error';
import { html, type Html } from './html';

export type Option = { value: string; label: string };

/** The query string as the report's filter: empty fields mean "all". */
export const filterInput = (query: Record<string, string>) => Object.fromEntries(Object.entries(query).filter(([, v]) => v.trim() !== ''));
export const queryOf = (query: Record<string, string>) => new URLSearchParams(filterInput(query)).toString();

export const selectField = (query: Record<string, string>, name: string, label: string, values: readonly Option[], all: string) =>
  html`<div><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"><option value="">${all}</option>${values.map((o) => html`<option value="${o.value}"${query[name] === o.value ? html` selected` : ''}>${o.label}</option>`)}</select></div>`;

export type FilterOptions = { journeys: Option[]; owners: Option[] };

/** The journeys and reps the filter offers. */
export async function filterOptions(db: Db): Promise<FilterOptions> {
  const [journeys, owners] = await Promise.all([
    db.journeyVersion.findMany({ distinct: ['key'], select: { key: true }, orderBy: { key: 'asc' } }),
    db.salesRep.findMany({ select: { id: true, name: true, email: true }, orderBy: { email: 'asc' } }),
  ]);
  return { journeys: journeys.map((j) => ({ value: j.key, label: j.key })), owners: owners.map((o) => ({ value: o.id, label: o.name ?? o.email })) };
}

/** The journey, tier, owner and period fields of a filter form. */
export const filterFields = (query: Record<string, string>, options: FilterOptions): Html => html`${selectField(query, 'journey', 'Journey', options.journeys, 'all journeys')}
${selectField(query, 'tier', 'Tier', ['1', '2', '3'].map((t) => ({ value: t, label: t })), 'all tiers')}
${selectField(query, 'owner', 'Owner', options.owners, 'all owners')}
<div><label for="f-from">From</label><input id="f-from" name="from" type="date" value="${query.from ?? ''}"></div>
<div><label for="f-to">To</label><input id="f-to" name="to" type="date" value="${query.to ?? ''}"></div>`;

/**
 * A report for the query string, or the problems with it (shown inline, beside the form): the owner
 * named by rep ID in the URL (no addresses in URLs) becomes the e-mail the report takes, the query is
 * validated by `schema`, and a report's refusal (an unknown journey, two currencies) is a problem too.
 */
export async function reportForQuery<S extends z.ZodType, R>(
  db: Db,
  query: Record<string, string>,
  schema: S,
  compute: (input: z.output<S>) => Promise<R>,
): Promise<{ report: R; input: z.output<S> } | { problems: string[] }> {
  const input = filterInput(query);
  if (input.owner) {
    const rep = await db.salesRep.findUnique({ where: { id: input.owner }, select: { email: true } });
    if (!rep) return { problems: ['owner: no such sales rep; choose one from the list'] };
    input.owner = rep.email;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'filter'}: ${forForm(i.message)}`) };
  try {
    return { report: await compute(parsed.data), input: parsed.data };
  } catch (err) {
    if (err instanceof UseCaseError) return { problems: [forForm(err.message)] };
    throw err;
  }
}
