// One row of a contact import. The account is named by its domain; `account_name` is only used
// when `--create-accounts` creates an account that does not exist yet.
import { z } from 'zod';
import { optionalPastDate, optionalEnum, optionalText, optionalTimeZone, requiredDomain, requiredEmail } from './fields';
import { buyingGroupRoles, consentStates, seniorities } from './vocabulary';

export const contactRowSchema = z.object({
  email: requiredEmail,
  account_domain: requiredDomain,
  account_name: optionalText(200, 'the company name, up to 200 characters'),
  first_name: optionalText(100, 'a first name, up to 100 characters'),
  last_name: optionalText(100, 'a last name, up to 100 characters'),
  title: optionalText(200, 'a job title, up to 200 characters'),
  role: optionalEnum(buyingGroupRoles, 'a buying-group role'),
  seniority: optionalEnum(seniorities, 'a seniority'),
  timezone: optionalTimeZone,
  consent: optionalEnum(consentStates, 'a consent state'),
  consent_source: optionalText(200, 'where the consent came from, e.g. "webinar form 2026-03"'),
  consent_at: optionalPastDate,
});
export type ContactRow = z.infer<typeof contactRowSchema>;
