// A ReachEvent's records in HubSpot: the company by domain, its people as contacts by e-mail, and
// per handoff a task and a note with the evidence; per opportunity, won or lost the deal, whose
// stage follows the task's status now (so events delivered out of order still end right); per
// reassignment the task's and the deal's owner (reassign-owner.ts).
import type { Db } from '../../db/client';
import type { HubSpotConnection } from './crm-connection';
import { asHtml, dealName, dealStages, evidenceText, noteRef, taskSubject } from './crm-mapping';
import { recordLine } from './crm-sync-outcome';
import { closeDayOf, ownerEmailNow, type EventFacts, type Person } from './event-facts';
import { associationTypes as types, hubspotClient, type Association } from './hubspot-client';
import { linked, linkedIdToChange } from './link-store';
import { reassignOwner } from './reassign-owner';

type Task = NonNullable<EventFacts['task']>;

export function hubspotSync(db: Db, conn: HubSpotConnection) {
  const hs = hubspotClient(conn);
  const link = (objectType: string, harpoonKey: string, find: () => Promise<string | null>, create: () => Promise<string>) =>
    linked(db, { crm: 'hubspot', objectType, harpoonKey }, find, create);

  async function company(facts: EventFacts, lines: string[]) {
    const { account } = facts;
    const what = `the company of ${account.domain}`;
    const r = await link(
      'company',
      account.id,
      () => hs.findOne('companies', { propertyName: 'domain', operator: 'EQ', value: account.domain }, `finding ${what}`),
      () => hs.create('companies', { domain: account.domain, name: account.name }, [], `creating ${what}`),
    );
    lines.push(recordLine(r.created, 'company', r.crmId, account.domain));
    return r.crmId;
  }

  async function contacts(people: Person[], companyId: string, lines: string[]) {
    const ids: string[] = [];
    for (const p of people) {
      const what = `the contact ${p.email}`;
      const r = await link(
        'contact',
        p.id,
        () => hs.findOne('contacts', { propertyName: 'email', operator: 'EQ', value: p.email }, `finding ${what}`),
        () =>
          hs.create(
            'contacts',
            { email: p.email, ...(p.firstName ? { firstname: p.firstName } : {}), ...(p.lastName ? { lastname: p.lastName } : {}), ...(p.title ? { jobtitle: p.title } : {}) },
            [{ toId: companyId, typeId: types.contactToCompany }],
            `creating ${what}`,
          ),
      );
      lines.push(recordLine(r.created, 'contact', r.crmId, p.email));
      ids.push(r.crmId);
    }
    return ids;
  }

  /** The HubSpot owner of the task's owner now (read again at the moment: event-facts.ts `ownerEmailNow`). */
  const ownerOf = async (task: Task) => {
    const email = await ownerEmailNow(db, task.id);
    return { email, crmId: email ? await hs.ownerIdByEmail(email) : null };
  };
  const withOwner = (ownerId: string | null): Record<string, string> => (ownerId ? { hubspot_owner_id: ownerId } : {});

  return {
    /** handoff.created: company, contacts, a task for the owner and a note with the evidence. */
    async handoff(facts: EventFacts, task: Task): Promise<string[]> {
      const lines: string[] = [];
      const companyId = await company(facts, lines);
      const contactIds = await contacts(facts.people, companyId, lines);
      const about = (company: number, contact: number): Association[] => [{ toId: companyId, typeId: company }, ...contactIds.map((toId) => ({ toId, typeId: contact }))];
      const subject = taskSubject(facts.account.name, task.id);
      const body = asHtml(evidenceText(task.evidence));
      const t = await link(
        'task',
        task.id,
        () => hs.findOne('tasks', { propertyName: 'hs_task_subject', operator: 'EQ', value: subject }, `finding the task of ${task.id}`),
        async () =>
          hs.create(
            'tasks',
            { hs_task_subject: subject, hs_task_body: body, hs_timestamp: (task.dueAt ?? task.createdAt).toISOString(), hs_task_status: 'NOT_STARTED', hs_task_type: 'TODO', ...withOwner((await ownerOf(task)).crmId) },
            about(types.taskToCompany, types.taskToContact),
            `creating the task of ${task.id}`,
          ),
      );
      lines.push(recordLine(t.created, 'task', t.crmId, task.id));
      const ref = noteRef(task.id);
      const n = await link(
        'note',
        task.id,
        () => hs.findOne('notes', { propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN', value: ref }, `finding the note of ${task.id}`),
        () =>
          hs.create('notes', { hs_note_body: `${body}<br><br>(Harpoon ${task.id}, ref ${ref})`, hs_timestamp: task.createdAt.toISOString() }, about(types.noteToCompany, types.noteToContact), `creating the note of ${task.id}`),
      );
      lines.push(recordLine(n.created, 'note', n.crmId, task.id));
      return lines;
    },

    /** opportunity, won, lost: the deal, created at the task's stage or moved to it. */
    async deal(facts: EventFacts, task: Task): Promise<string[]> {
      const lines: string[] = [];
      const companyId = await company(facts, lines);
      const contactIds = await contacts(facts.people, companyId, lines);
      const stage = dealStages.hubspot[task.status as keyof typeof dealStages.hubspot] ?? dealStages.hubspot.opportunity;
      const terms = {
        dealstage: stage,
        closedate: `${closeDayOf(task)}T00:00:00.000Z`,
        ...(task.amount !== null ? { amount: String(task.amount) } : {}),
        ...(task.currency ? { deal_currency_code: task.currency } : {}),
        ...(task.status === 'lost' && task.reason ? { closed_lost_reason: task.reason } : {}),
      };
      const name = dealName(facts.account.name, task.id);
      const d = await link(
        'deal',
        task.id,
        () => hs.findOne('deals', { propertyName: 'dealname', operator: 'EQ', value: name }, `finding the deal of ${task.id}`),
        async () =>
          hs.create(
            'deals',
            { dealname: name, pipeline: 'default', ...terms, ...withOwner((await ownerOf(task)).crmId) },
            [{ toId: companyId, typeId: types.dealToCompany }, ...contactIds.map((toId) => ({ toId, typeId: types.dealToContact }))],
            `creating the deal of ${task.id}`,
          ),
      );
      lines.push(recordLine(d.created, 'deal', d.crmId, task.id));
      if (!d.created) {
        await hs.update('deals', d.crmId, terms, `updating the deal of ${task.id} to ${stage}`);
        lines.push(`updated deal ${d.crmId} to ${stage}`);
      }
      return lines;
    },

    /** handoff.reassigned: the task and the deal Harpoon made get the task's owner now; nothing is made. */
    async owner(task: Task) {
      const key = (objectType: string) => ({ crm: 'hubspot' as const, objectType, harpoonKey: task.id });
      return reassignOwner({
        vendor: 'HubSpot',
        taskId: task.id,
        records: [
          { objectType: 'task', crmId: await linkedIdToChange(db, key('task')), due: true },
          { objectType: 'deal', crmId: await linkedIdToChange(db, key('deal')), due: task.status in dealStages.hubspot },
        ],
        owner: () => ownerOf(task),
        setOwner: (objectType, id, ownerId) =>
          hs.update(objectType === 'task' ? 'tasks' : 'deals', id, { hubspot_owner_id: ownerId }, `giving the ${objectType} of ${task.id} its new owner ${ownerId}`),
      });
    },
  };
}
