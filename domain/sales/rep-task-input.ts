// What closing a rep task takes from a person (the API's body, the CLI's options): one schema per
// outcome, so both doors refuse the same input with the same words (a note longer than a timeline
// keeps was stored through the CLI).
import { z } from 'zod';

const maxLength = 2000;

export const repTaskCloseInputs = {
  done: z.strictObject({
    note: z.string().trim().min(1, 'expected what came of it, or no note at all').max(maxLength, `expected at most ${maxLength} characters`).optional().describe('what came of it'),
  }),
  skip: z.strictObject({
    reason: z.string().trim().min(1, 'expected a short reason such as "left the company"').max(maxLength, `expected at most ${maxLength} characters`),
  }),
};
