// One row of an account import (a CSV line or a JSON object). Blank optional cells mean "not given":
// a re-import never erases stored data with an empty cell.
import { z } from 'zod';
import { customAttributes, optionalCount, optionalCountry, optionalEmail, optionalEnum, optionalText, optionalTier, optionalTimeZone, requiredDomain, requiredText } from './fields';
import { purchasePatterns, revenueBands } from './vocabulary';

export const accountRowSchema = z.object({
  domain: requiredDomain,
  name: requiredText(200, 'the company name, up to 200 characters'),
  industry: optionalText(100, 'an industry name, up to 100 characters'),
  country: optionalCountry,
  employee_count: optionalCount('a number of employees', 'a whole number of employees such as 250'),
  revenue_band: optionalEnum(revenueBands, 'a revenue band'),
  timezone: optionalTimeZone,
  owner_email: optionalEmail,
  tier: optionalTier(),
  purchase_pattern: optionalEnum(purchasePatterns, 'a purchase pattern'),
  attributes: customAttributes,
});
export type AccountRow = z.infer<typeof accountRowSchema>;
