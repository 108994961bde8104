// The JSON a webhook subscription receives: the event with what a receiver needs to act on it
// without calling back (the account, the contact, the sales task or the rep task), under stable field names.
import type { EventFacts } from './event-facts';

export function webhookBody(f: EventFacts) {
  const { event, account, contact, task, repTask } = f;
  return {
    id: event.id,
    type: event.type,
    at: event.at,
    account: { id: account.id, domain: account.domain, name: account.name },
    contact: contact && { id: contact.id, email: contact.email },
    task: task && { id: task.id, status: task.status, owner: task.owner?.email ?? null, amount: task.amount, currency: task.currency, reason: task.reason, url: f.taskUrl },
    repTask: repTask && {
      id: repTask.id,
      channel: repTask.channel,
      title: repTask.title,
      instructions: repTask.instructions,
      status: repTask.status,
      dueAt: repTask.dueAt.toISOString(),
      timeZone: repTask.timeZone,
      owner: repTask.owner?.email ?? null,
      // cancelledWhy as before; closedWhy also for a task that expired.
      cancelledWhy: repTask.status === 'cancelled' ? repTask.closedWhy : null,
      closedWhy: repTask.closedWhy,
      url: f.taskUrl,
    },
    eventKey: event.eventKey,
  };
}
