// What one event's CRM sync did, for the feed's delivery record: each CRM record it made, found or
// changed, or why the event has nothing to sync.
import type { CrmKind } from './crm-connection';

export type CrmSyncOutcome = {
  crm: CrmKind;
  eventId: string;
  /** One line per CRM record: "created company 101 (acme.example)", "found contact 7 (ann@acme.example)". */
  records: string[];
  /**
   * Set when the event is not one CRM sync acts on, or what it could not do and why (a reassignment
   * whose new owner the CRM cannot take): the delivery is refused with it, for a person to see.
   */
  skipped: string | null;
};

/** A record's line: made now, or found (linked before or already in the CRM). */
export const recordLine = (created: boolean, objectType: string, crmId: string, about: string) => `${created ? 'created' : 'found'} ${objectType} ${crmId} (${about})`;
