// What a task asks of its rep next follows its status: the suggestion made at handoff (answer the
// inquiry, call the budget holder) holds only while the task waits for an answer.
import type { TaskStatus } from './vocabulary';

export function nextActionFor(status: TaskStatus, suggestion: string): string {
  switch (status) {
    case 'queued':
      return "nothing yet: the task is queued for its owner's daily capacity and can be acted on once it arrives";
    case 'created':
      return suggestion;
    case 'accepted':
      return 'work the account; log the opportunity (amount, currency, expected close) once there is one, or mark it won or lost';
    case 'opportunity':
      return 'close the opportunity: mark it won or lost when the deal is decided';
    case 'rejected':
    case 'won':
    case 'lost':
      return `nothing: the task is ${status}`;
  }
}
