// How the answers of an account's invitees make the account's one outcome for an invite step:
// the strongest signal wins. Anyone attended → attended; else anyone reported absent → no_show;
// else anyone registered or waiting for a seat → registered; else anyone declined → declined;
// else no_response.
import type { InviteOutcome, RegistrationStatus } from './vocabulary';

export function inviteOutcomeOf(statuses: readonly RegistrationStatus[]): InviteOutcome {
  const any = (...wanted: RegistrationStatus[]) => statuses.some((s) => wanted.includes(s));
  if (any('attended')) return 'attended';
  if (any('no_show')) return 'no_show';
  if (any('registered', 'waitlisted')) return 'registered';
  if (any('declined')) return 'declined';
  return 'no_response';
}
