// Bounce and spam-complaint rates, against the limits large mailbox providers enforce on bulk
// senders (Gmail and Yahoo since February 2024): keep the complaint rate under 0.1 %, and never reach
// 0.3 %, above which their filters start refusing or junking the sender's mail.
import { ratio } from './formulas';

/** The rate at which Gmail and Yahoo act against a sender. */
export const complaintThreshold = 0.003;
/** The rate they ask senders to stay under. */
export const complaintTarget = 0.001;
/** A bounce rate above this says the list holds dead addresses (industry practice; providers publish no single figure). */
export const bounceWarning = 0.02;

export type Deliverability = {
  /** Emails the relay accepted in the period. */
  sent: number;
  /** People whose address bounced in the period: refused at sending, or reported later by the relay or provider (once each, however many reports). */
  bounced: number;
  /** People who complained of spam in the period (feedback loops; once each, however many reports). */
  complained: number;
  /** bounced / the emails that went out or were refused (a later report's email is among those that went out). */
  bounceRate: number | null;
  /** complained / sent: the figure providers compute. */
  complaintRate: number | null;
  complaintThreshold: number;
  /** What needs doing, in words; empty when nothing does. */
  warnings: string[];
};

/**
 * What the rates are made of. `attempted`: the emails that went out or were refused in the period,
 * plus one for each person whose bounce was reported in it about an email from before it, so a
 * bounce is never counted against emails it is not among (and the rate never passes 100 %).
 */
export type DeliverabilityCounts = { sent: number; attempted: number; bounced: number; complained: number };

const pct = (r: number) => `${(r * 100).toFixed(2)} %`;

export function deliverability({ attempted, ...counts }: DeliverabilityCounts): Deliverability {
  const bounceRate = ratio(counts.bounced, attempted);
  // Four places is 0.01 %: finer than ratio() keeps, so a rate near 0.1 % does not round onto it.
  const complaintRate = counts.sent > 0 ? Math.round((counts.complained / counts.sent) * 1e6) / 1e6 : null;
  const warnings: string[] = [];
  if (complaintRate !== null && complaintRate >= complaintThreshold) {
    warnings.push(`spam complaints at ${pct(complaintRate)} reach the ${pct(complaintThreshold)} at which Gmail and Yahoo refuse or junk bulk mail: pause the journeys with the most complaints and check who is being mailed and how often`);
  } else if (complaintRate !== null && complaintRate >= complaintTarget) {
    warnings.push(`spam complaints at ${pct(complaintRate)} are above the ${pct(complaintTarget)} mailbox providers ask senders to stay under (they act at ${pct(complaintThreshold)})`);
  }
  if (bounceRate !== null && bounceRate > bounceWarning) {
    warnings.push(`${pct(bounceRate)} of emails bounced (above ${pct(bounceWarning)}): the contact lists hold addresses that no longer exist`);
  }
  return { ...counts, bounceRate, complaintRate, complaintThreshold, warnings };
}
