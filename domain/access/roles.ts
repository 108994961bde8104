// Who may call which part of the HTTP API. Marketing runs accounts, contacts, journeys and events;
// sales see their own tasks and the accounts they own; admin may do everything.
import { z } from 'zod';

export const apiRoles = ['marketing', 'sales', 'admin'] as const;
export const apiRole = z.enum(apiRoles, { error: `expected one of ${apiRoles.join(', ')}` });
export type ApiRole = z.infer<typeof apiRole>;

/** The parts of the API a route belongs to; each route names the roles it admits. */
export const marketingOnly: readonly ApiRole[] = ['marketing', 'admin'];
export const withSales: readonly ApiRole[] = ['marketing', 'sales', 'admin'];
export const salesOnly: readonly ApiRole[] = ['sales', 'admin'];
