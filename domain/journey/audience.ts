// Who in the buying group an email step is for. Consent is deliberately not filtered here: the
// send activity applies the contact policy to each recipient and records every skip on the timeline.
import type { EngagementSummary } from '../engagement/score';
import type { EmailStep } from './definition';

export type AudienceMember = { id: string; role: string; seniority: string | null };

/** Listed roles and listed seniorities must both match; "only if not engaged" drops engaged contacts. */
export function selectRecipients<C extends AudienceMember>(step: EmailStep, contacts: C[], engagement: EngagementSummary): C[] {
  const { roles, seniority } = step.audience;
  return contacts.filter(
    (c) =>
      (roles === undefined || roles.some((r) => r === c.role)) &&
      (seniority === undefined || seniority.some((s) => s === c.seniority)) &&
      !(step.onlyIfNotEngaged && engagement.engagedContacts.includes(c.id)),
  );
}
