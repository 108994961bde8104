// A ReachEvent's records in Salesforce: the Account by its website's domain, its people as Contacts
// (an Account Salesforce has) or Leads (one it does not: crm-mapping.ts), per handoff a Task with
// the evidence, and per opportunity, won or lost the Opportunity, whose stage follows the task's
// status now (so events delivered out of order still end right); per reassignment the Task's and
// the Opportunity's owner (reassign-owner.ts).
import type { Db } from '../../db/client';
import type { SalesforceConnection } from './crm-connection';
import { dealName, dealStages, evidenceText, hostOf, salesforcePersonKind, taskSubject } from './crm-mapping';
import { recordLine } from './crm-sync-outcome';
import { closeDayOf, ownerEmailNow, type EventFacts, type Person } from './event-facts';
import { linked, linkedId, linkedIdToChange } from './link-store';
import { reassignOwner } from './reassign-owner';
import { salesforceClient, soqlString } from './salesforce-client';

type Task = NonNullable<EventFacts['task']>;

export function salesforceSync(db: Db, conn: SalesforceConnection) {
  const sf = salesforceClient(conn);
  const key = (objectType: string, harpoonKey: string) => ({ crm: 'salesforce' as const, objectType, harpoonKey });
  const link = (objectType: string, harpoonKey: string, find: () => Promise<string | null>, create: () => Promise<string>) => linked(db, key(objectType, harpoonKey), find, create);
  const firstId = async (soql: string, what: string) => ((await sf.query(soql, what))[0]?.Id as string | undefined) ?? null;

  const findAccount = async (domain: string) => {
    // LIKE narrows the search; the website's host must then be the domain itself (not notacme.example).
    const rows = await sf.query(`SELECT Id, Website FROM Account WHERE Website LIKE ${soqlString(`%${domain}%`)}`, `finding the account of ${domain}`);
    return (rows.find((r) => hostOf(r.Website as string | null) === domain)?.Id as string | undefined) ?? null;
  };

  /** The account's Account: linked or found; created only when `create` (a deal needs one). */
  async function account(facts: EventFacts, lines: string[], create: boolean): Promise<string | null> {
    const { id, domain, name } = facts.account;
    const known = await linkedId(db, key('account', id));
    if (known !== null) return known;
    const found = await findAccount(domain);
    if (found === null && !create) return null;
    const r = await link('account', id, async () => found, () => sf.create('Account', { Name: name, Website: `https://${domain}` }, `creating the account of ${domain}`));
    lines.push(recordLine(r.created, 'account', r.crmId, domain));
    return r.crmId;
  }

  async function person(p: Person, facts: EventFacts, accountId: string | null, lines: string[]): Promise<string> {
    const kind = salesforcePersonKind(accountId !== null);
    const names = { LastName: p.lastName ?? p.email.split('@')[0]!, ...(p.firstName ? { FirstName: p.firstName } : {}), ...(p.title ? { Title: p.title } : {}) };
    const r =
      kind === 'contact'
        ? await link(
            'contact',
            p.id,
            () => firstId(`SELECT Id FROM Contact WHERE Email = ${soqlString(p.email)}`, `finding the contact ${p.email}`),
            () => sf.create('Contact', { ...names, Email: p.email, AccountId: accountId! }, `creating the contact ${p.email}`),
          )
        : await link(
            'lead',
            p.id,
            () => firstId(`SELECT Id FROM Lead WHERE Email = ${soqlString(p.email)} AND IsConverted = false`, `finding the lead ${p.email}`),
            () => sf.create('Lead', { ...names, Email: p.email, Company: facts.account.name, Website: `https://${facts.account.domain}` }, `creating the lead ${p.email}`),
          );
    lines.push(recordLine(r.created, kind, r.crmId, p.email));
    return r.crmId;
  }

  /** The active User of the task's owner now (read again at the moment: event-facts.ts `ownerEmailNow`). */
  const ownerOf = async (task: Task) => {
    const email = await ownerEmailNow(db, task.id);
    return { email, crmId: email ? await firstId(`SELECT Id FROM User WHERE Email = ${soqlString(email)} AND IsActive = true LIMIT 1`, `finding the user ${email}`) : null };
  };

  return {
    /** handoff.created: the people (Contacts or Leads) and a Task for the owner with the evidence. */
    async handoff(facts: EventFacts, task: Task): Promise<string[]> {
      const lines: string[] = [];
      const accountId = await account(facts, lines, false);
      const whoIds: string[] = [];
      for (const p of facts.people) whoIds.push(await person(p, facts, accountId, lines));
      const subject = taskSubject(facts.account.name, task.id);
      const t = await link(
        'task',
        task.id,
        () => firstId(`SELECT Id FROM Task WHERE Subject = ${soqlString(subject)}`, `finding the task of ${task.id}`),
        async () => {
          const ownerId = (await ownerOf(task)).crmId;
          return sf.create(
            'Task',
            {
              Subject: subject,
              Description: evidenceText(task.evidence),
              ActivityDate: (task.dueAt ?? task.createdAt).toISOString().slice(0, 10),
              Status: 'Not Started',
              Priority: 'Normal',
              ...(whoIds[0] ? { WhoId: whoIds[0] } : {}),
              // A task about a Lead cannot also be about an Account (Salesforce refuses WhatId then).
              ...(accountId ? { WhatId: accountId } : {}),
              ...(ownerId ? { OwnerId: ownerId } : {}),
            },
            `creating the task of ${task.id}`,
          );
        },
      );
      lines.push(recordLine(t.created, 'task', t.crmId, task.id));
      return lines;
    },

    /** opportunity, won, lost: the Opportunity (and its Account), created at the task's stage or moved to it. */
    async deal(facts: EventFacts, task: Task): Promise<string[]> {
      const lines: string[] = [];
      const accountId = (await account(facts, lines, true))!;
      const stage = dealStages.salesforce[task.status as keyof typeof dealStages.salesforce] ?? dealStages.salesforce.opportunity;
      const terms = {
        StageName: stage,
        CloseDate: closeDayOf(task),
        ...(task.amount !== null ? { Amount: task.amount } : {}),
        ...(task.status === 'lost' && task.reason ? { Description: `Lost in Harpoon: ${task.reason}` } : {}),
      };
      const name = dealName(facts.account.name, task.id);
      const o = await link(
        'opportunity',
        task.id,
        () => firstId(`SELECT Id FROM Opportunity WHERE Name = ${soqlString(name)}`, `finding the opportunity of ${task.id}`),
        async () => {
          const ownerId = (await ownerOf(task)).crmId;
          return sf.create('Opportunity', { Name: name, AccountId: accountId, ...terms, ...(ownerId ? { OwnerId: ownerId } : {}) }, `creating the opportunity of ${task.id}`);
        },
      );
      lines.push(recordLine(o.created, 'opportunity', o.crmId, task.id));
      if (!o.created) {
        await sf.update('Opportunity', o.crmId, terms, `updating the opportunity of ${task.id} to ${stage}`);
        lines.push(`updated opportunity ${o.crmId} to ${stage}`);
      }
      return lines;
    },

    /** handoff.reassigned: the Task and the Opportunity Harpoon made get the task's owner now; nothing is made. */
    async owner(task: Task) {
      const types = { task: 'Task', opportunity: 'Opportunity' } as const;
      return reassignOwner({
        vendor: 'Salesforce',
        taskId: task.id,
        records: [
          { objectType: 'task', crmId: await linkedIdToChange(db, key('task', task.id)), due: true },
          { objectType: 'opportunity', crmId: await linkedIdToChange(db, key('opportunity', task.id)), due: task.status in dealStages.salesforce },
        ],
        owner: () => ownerOf(task),
        setOwner: (objectType, id, ownerId) =>
          sf.update(types[objectType as keyof typeof types], id, { OwnerId: ownerId }, `giving the ${objectType} of ${task.id} its new owner ${ownerId}`),
      });
    },
  };
}
