// Which CRM a sync talks to and how: read from config (HARPOON_HUBSPOT_*, HARPOON_SALESFORCE_*),
// or built by tests against their contract servers.
import type { Config } from '../../config/env';

export type HubSpotConnection = { kind: 'hubspot'; url: string; token: string };
export type SalesforceConnection = { kind: 'salesforce'; url: string; token: string; apiVersion: string };
export type CrmConnection = HubSpotConnection | SalesforceConnection;
export type CrmKind = CrmConnection['kind'];

export const crmNames: Record<CrmKind, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };

/** The CRMs configured, in a stable order; none: CRM sync is off. */
export function configuredCrms(cfg: Config): CrmConnection[] {
  const { hubspot, salesforce } = cfg.crm;
  return [...(hubspot ? [{ kind: 'hubspot' as const, ...hubspot }] : []), ...(salesforce ? [{ kind: 'salesforce' as const, ...salesforce }] : [])];
}
