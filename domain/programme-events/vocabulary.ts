// The words of events and invitations, without zod, so workflow code can use them.

export const eventKinds = ['webinar', 'summit', 'roundtable', 'workshop', 'training', 'trade_show', 'executive_club'] as const;
export type EventKind = (typeof eventKinds)[number];

/** A contact's answer to an invitation, then what the attendance import said. */
export const registrationStatuses = ['invited', 'registered', 'waitlisted', 'declined', 'attended', 'no_show'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/** Who is told when the event moves: everyone asked who has not said no, nor been to it yet. */
export const stillAskedStatuses: readonly RegistrationStatus[] = ['invited', 'registered', 'waitlisted'];

/** Where an invite step goes: one outcome for the whole account (see domain/programme-events/invite-outcome.ts). */
export const inviteOutcomes = ['attended', 'no_show', 'registered', 'declined', 'no_response'] as const;
export type InviteOutcome = (typeof inviteOutcomes)[number];
