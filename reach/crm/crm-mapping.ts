// How Harpoon's records read in a CRM, and the rules of what comes back: pure, so both vendors'
// syncs and the unit tests share them.
import { createHash } from 'node:crypto';
import type { HandoffEvidence } from '../../domain/sales/evidence';
import type { SalesAction } from '../../domain/sales/vocabulary';

/** A task's subject names its Harpoon task, so a retry finds the task it made before (search by subject). */
export const taskSubject = (accountName: string, taskId: string) => `Harpoon handoff: ${accountName} (${taskId})`;

/** A deal's name names its Harpoon task, for the same reason. */
export const dealName = (accountName: string, taskId: string) => `${accountName} (Harpoon ${taskId})`;

/**
 * A single search token (letters and digits only, as CRM search tokenises text) naming a task's
 * note, for notes, whose body is the only place to put it.
 */
export const noteRef = (taskId: string) => `harpoon${createHash('sha256').update(taskId).digest('hex').slice(0, 16)}`;

/** The evidence as plain text, for a CRM note or task description: what a rep reads first. */
export function evidenceText(e: HandoffEvidence): string {
  const people = e.engagedContacts.map((c) => `- ${c.name} (${c.role}): ${c.did.join(', ')}`);
  const recent = e.recent.map((r) => `- ${r.at.slice(0, 10)} ${r.what}`);
  return [
    `Why: ${e.why}`,
    `Score: ${e.score}`,
    ...(people.length ? ['Engaged:', ...people] : []),
    ...(recent.length ? ['Recent:', ...recent] : []),
    ...(e.gaps.length ? [`Gaps: ${e.gaps.join('; ')}`] : []),
    `Next: ${e.nextAction}`,
  ].join('\n');
}

/** Plain text as the HTML HubSpot keeps task and note bodies in: escaped, one line each. */
export const asHtml = (text: string) =>
  text
    .split('\n')
    .map((line) => line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
    .join('<br>');

/** The host of a website as a CRM stores it (https://www.acme.example/about → acme.example). */
export function hostOf(website: string | null | undefined): string | null {
  if (!website) return null;
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `https://${website}`;
  try {
    return new URL(text).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/**
 * Salesforce: a person of an account that Salesforce already has (an Account with the domain as its
 * website) becomes a Contact of it; a person of an account Salesforce does not have becomes a Lead,
 * which is how a Salesforce team qualifies newcomers. Harpoon creates an Account only when a deal
 * needs one (an opportunity, won or lost).
 */
export const salesforcePersonKind = (accountKnown: boolean): 'contact' | 'lead' => (accountKnown ? 'contact' : 'lead');

/** A deal's stage for a task's status, in each CRM's default pipeline. */
export const dealStages = {
  hubspot: { opportunity: 'qualifiedtobuy', won: 'closedwon', lost: 'closedlost' },
  salesforce: { opportunity: 'Qualification', won: 'Closed Won', lost: 'Closed Lost' },
} as const;

/** A CRM deal's state as inbound sync reads it: its outcome when closed, and its amount. */
export type CrmDealState = { outcome: 'won' | 'lost' | null; amount: number | null; currency: string | null; reason: string | null };
export type TaskState = { id: string; status: string; amount: number | null; currency: string | null };

export type InboundDecision =
  | { kind: 'nothing'; why: string }
  | { kind: 'apply'; actions: SalesAction[]; why: string }
  | { kind: 'conflict'; why: string };

/**
 * What a deal closed in the CRM does to its Harpoon task. The rules:
 * - an open deal changes nothing (Harpoon's own status stays the one reps set);
 * - an outcome already recorded in Harpoon is never overwritten: the same outcome is nothing to do,
 *   a different one (or a closed deal of a rejected task) is reported as a conflict, not applied;
 * - an open task takes the CRM's outcome through the sales workflow; a task that was handed over but
 *   never accepted in Harpoon is accepted first (the rep worked it in the CRM); a queued task (not
 *   yet handed over) is reported and left;
 * - the CRM's amount and currency win over Harpoon's (the deal is booked in the CRM); Harpoon's are
 *   kept when the CRM has none; the CRM's loss reason goes with a loss.
 */
export function inboundDecision(task: TaskState, deal: CrmDealState): InboundDecision {
  if (deal.outcome === null) return { kind: 'nothing', why: 'the deal is still open' };
  if (task.status === deal.outcome) return { kind: 'nothing', why: `${task.id} is already ${deal.outcome}` };
  if (['won', 'lost', 'rejected'].includes(task.status)) {
    return { kind: 'conflict', why: `the CRM says ${deal.outcome} but ${task.id} is ${task.status} in Harpoon: Harpoon's outcome stands, correct the CRM or the task by hand` };
  }
  if (task.status === 'queued') return { kind: 'conflict', why: `the CRM says ${deal.outcome} but ${task.id} is still queued for its owner in Harpoon: not applied` };
  const amount = deal.amount !== null && deal.amount > 0 ? deal.amount : (task.amount ?? undefined);
  const close: SalesAction =
    deal.outcome === 'won'
      ? { kind: 'won', amount, currency: amount === undefined ? undefined : (deal.currency ?? task.currency ?? undefined) }
      : { kind: 'lost', amount, reason: deal.reason ?? 'closed lost in the CRM' };
  const actions: SalesAction[] = task.status === 'created' ? [{ kind: 'accept' }, close] : [close];
  return { kind: 'apply', actions, why: `${task.id} marked ${deal.outcome} from the CRM` };
}
