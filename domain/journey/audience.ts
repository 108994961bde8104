// Who in the buying group an email step is for. Consent is deliberately not filtered here: the
// send activity applies the contact policy to each recipient and records every skip on the timeline.
import type { EngagementSummary } from '../engagement/score';
import type { EmailStep, InviteStep } from './definition';

export type AudienceMember = { id: string; role: string; seniority: string | null };

const inAudience = (step: EmailStep, c: AudienceMember) =>
  (step.audience.roles === undefined || step.audience.roles.some((r) => r === c.role)) &&
  (step.audience.seniority === undefined || step.audience.seniority.some((s) => s === c.seniority));

/** Listed roles and listed seniorities must both match; "only if not engaged" drops engaged contacts. */
export function selectRecipients<C extends AudienceMember>(step: EmailStep, contacts: C[], engagement: EngagementSummary): C[] {
  return planAudience(step, contacts, engagement).recipients;
}

/**
 * The recipients of a step, and the people of its audience it leaves out on purpose (they engaged
 * already, and the step is only for those who have not), so the timeline can say why they got nothing.
 */
export function planAudience<C extends AudienceMember>(step: EmailStep, contacts: C[], engagement: EngagementSummary) {
  const audience = contacts.filter((c) => inAudience(step, c));
  const engaged = (c: C) => Boolean(step.onlyIfNotEngaged) && engagement.engagedContacts.includes(c.id);
  return { recipients: audience.filter((c) => !engaged(c)), alreadyEngaged: audience.filter(engaged) };
}

/** In words, who a step is for: "champion or problem_owner, executive". */
export function describeAudience(step: EmailStep): string {
  const { roles, seniority } = step.audience;
  return [roles?.join(' or '), seniority?.join(' or ')].filter(Boolean).join(', ');
}

/** An invite step's audience is chosen as an email step's would be (the invitation is its email). */
export function invitationAudience(step: InviteStep): EmailStep {
  return { id: step.id, type: 'email', template: step.template, audience: step.audience };
}
