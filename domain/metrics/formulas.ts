// The arithmetic of every ABM metric, one small pure function each, so the README's formulas, the
// report and the tests say the same thing. A ratio whose denominator is zero is null ("no data"),
// never 0 or NaN: "none of 0 accounts engaged" is not a 0 % engagement rate.

const round = (n: number, places: number) => {
  const f = 10 ** places;
  return Math.round(n * f) / f;
};

/** numerator / denominator, to 4 places; null when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round(numerator / denominator, 4) : null;
}

/** Money to the cent. */
export const money = (n: number) => round(n, 2);

/** The middle value (the mean of the two middle ones for an even count), to 1 place; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2, 1);
}

export const daysBetween = (fromMs: number, toMs: number) => (toMs - fromMs) / 86_400_000;
export const hoursBetween = (fromMs: number, toMs: number) => (toMs - fromMs) / 3_600_000;

/** Target accounts with at least one counted engagement / target accounts. */
export const engagementRate = (engagedAccounts: number, targetAccounts: number) => ratio(engagedAccounts, targetAccounts);

/** Contacts known / target accounts. */
export const contactsPerAccount = (contacts: number, targetAccounts: number) => (targetAccounts > 0 ? round(contacts / targetAccounts, 2) : null);

/** Key-role slots with an engaged contact / key-role slots (4 key roles × target accounts). */
export const buyingGroupPenetration = (engagedKeyRoles: number, keyRoleSlots: number) => ratio(engagedKeyRoles, keyRoleSlots);

/** Accounts at a funnel step / accounts at the step before. */
export const conversion = (reached: number, previous: number) => ratio(reached, previous);

/** Accepted handoffs / handoffs sales decided on (accepted + rejected without accepting). Open ones wait. */
export const salesAcceptanceRate = (accepted: number, rejected: number) => ratio(accepted, accepted + rejected);

/** Attended / registrations whose event is over (attended + no-show). */
export const attendanceRate = (attended: number, noShows: number) => ratio(attended, attended + noShows);

/** Costs / opportunities. */
export const costPerOpportunity = (cost: number, opportunities: number) => (opportunities > 0 ? money(cost / opportunities) : null);

/** Opportunities of the scope's target accounts / all opportunities (every target account's + outside the pool's). */
export const shareOfOpportunities = (fromScope: number, all: number) => ratio(fromScope, all);

/** Won / (won + lost): deals decided in the period. */
export const winRate = (won: number, lost: number) => ratio(won, won + lost);

/** Won revenue / won deals with an amount. */
export const averageContractValue = (wonRevenue: number, wonWithAmount: number) => (wonWithAmount > 0 ? money(wonRevenue / wonWithAmount) : null);

/** (Revenue influenced − cost) / cost. */
export const roi = (revenue: number, cost: number) => ratio(revenue - cost, cost);

/** What one email costs under an email-volume cost: amount / emails it paid for. */
export const costPerEmail = (amount: number, emails: number) => amount / emails;
