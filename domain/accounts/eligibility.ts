// Who may be worked on. Journeys call these rather than reading statuses themselves, so the rules
// (only targets enter journeys; only consented people are contacted) live in one place.
import type { ConsentState, PoolStatus } from './vocabulary';

/** Only targets enter journeys; excluded, retired and waiting candidates never do, whatever their score. */
export function isEligibleForJourney(account: { poolStatus: string }): boolean {
  return account.poolStatus === ('target' satisfies PoolStatus);
}

/** The statuses of an account that has left the pool: running journeys touch it no more, whatever they planned. */
export const poolExits = ['retired', 'excluded'] as const satisfies readonly PoolStatus[];

export function hasLeftPool(account: { poolStatus: string }): boolean {
  return (poolExits as readonly string[]).includes(account.poolStatus);
}

/** Only subscribed people may be contacted; unsubscribe, bounce and do-not-contact are final for sending. */
export function isReachable(contact: { consent: string }): boolean {
  return contact.consent === ('subscribed' satisfies ConsentState);
}
