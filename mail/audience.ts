// Which content a person reads, from their buying-group role and seniority: leaders read business
// results (cost, risk, ROI), users read daily use and specifications, champions get material they
// can pass on inside their company. Templates pick their blocks by audience, never by raw role, so
// a new role only needs a line here.
export const AUDIENCES = ['leader', 'user', 'champion'] as const;
export type Audience = (typeof AUDIENCES)[number];

const byRole: Record<string, Audience> = {
  champion: 'champion',
  executive: 'leader',
  decision_maker: 'leader',
  economic_buyer: 'leader',
  budget_holder: 'leader',
  procurement: 'leader',
  end_user: 'user',
  user: 'user',
  technical_evaluator: 'user',
};

export function isAudience(value: string): value is Audience {
  return (AUDIENCES as readonly string[]).includes(value);
}

/** Roles outside the table (problem owner, unknown) follow seniority: executives lead, others use. */
export function audienceFor(role: string, seniority: string): Audience {
  const normalized = role.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return byRole[normalized] ?? (seniority.trim().toLowerCase() === 'executive' ? 'leader' : 'user');
}
