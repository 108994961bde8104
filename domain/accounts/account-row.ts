// One row of an account import (a CSV line or a JSON object). Blank optional cells mean "not given":
// a re-import never erases stored data with an empty cell; `none` (owner) and `auto` (tier) clear
// one on purpose.
import { z } from 'zod';
import { clearable, customAttributes, optionalCount, optionalCountry, optionalEmail, optionalEnum, optionalText, optionalTier, optionalTimeZone, requiredDomain, requiredText } from './fields';
import { purchasePatterns, revenueBands } from './vocabulary';

export const accountRowSchema = z.object({
  domain: requiredDomain,
  name: requiredText(200, 'the company name, up to 200 characters'),
  industry: optionalText(100, 'an industry name, up to 100 characters'),
  country: optionalCountry,
  employee_count: optionalCount('a number of employees', 'a whole number of employees such as 250'),
  revenue_band: optionalEnum(revenueBands, 'a revenue band'),
  timezone: optionalTimeZone,
  /** The account's sales rep; none: no owner, its open work goes to the sales queue. */
  owner_email: clearable(optionalEmail, 'no owner').describe("a sales rep's email, or none for no owner"),
  /** A tier the file fixes; auto: the score's tier again, as `accounts tier <domain> auto` does. */
  tier: clearable(optionalTier(), 'the tier its score gives', 'auto').describe('1, 2 or 3, or auto for the tier its score gives'),
  purchase_pattern: optionalEnum(purchasePatterns, 'a purchase pattern'),
  attributes: customAttributes,
});
export type AccountRow = z.infer<typeof accountRowSchema>;
