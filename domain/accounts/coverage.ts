// Buying-group coverage ("penetration"): for each key role, is there at least one person we may
// reach? Marketing reaches the group layer by layer; the gaps say whom to find next.
import { isReachable } from './eligibility';
import { keyBuyingGroupRoles, type KeyBuyingGroupRole } from './vocabulary';

export type RoleCoverage = {
  role: KeyBuyingGroupRole;
  contacts: number;
  reachable: number;
  covered: boolean;
};

export type Coverage = {
  roles: RoleCoverage[];
  /** Key roles without a reachable contact, each with what is missing. */
  gaps: { role: KeyBuyingGroupRole; why: 'no contact' | 'no reachable contact' }[];
  /** Covered key roles / all key roles, 0-1. */
  ratio: number;
};

export function buyingGroupCoverage(contacts: readonly { role: string; consent: string }[]): Coverage {
  const roles = keyBuyingGroupRoles.map((role): RoleCoverage => {
    const inRole = contacts.filter((c) => c.role === role);
    const reachable = inRole.filter((c) => isReachable(c)).length;
    return { role, contacts: inRole.length, reachable, covered: reachable > 0 };
  });
  return {
    roles,
    gaps: roles.filter((r) => !r.covered).map((r) => ({ role: r.role, why: r.contacts === 0 ? 'no contact' : 'no reachable contact' })),
    ratio: roles.filter((r) => r.covered).length / roles.length,
  };
}
