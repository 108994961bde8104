// The JSON a webhook subscription receives: the event with what a receiver needs to act on it
// without calling back (the account, the contact, the task), under stable field names.
import type { EventFacts } from './event-facts';

export function webhookBody(f: EventFacts) {
  const { event, account, contact, task } = f;
  return {
    id: event.id,
    type: event.type,
    at: event.at,
    account: { id: account.id, domain: account.domain, name: account.name },
    contact: contact && { id: contact.id, email: contact.email },
    task: task && { id: task.id, status: task.status, amount: task.amount, currency: task.currency, reason: task.reason, url: f.taskUrl },
    eventKey: event.eventKey,
  };
}
