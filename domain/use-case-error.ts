// The one way a use-case refuses a request. Its kind is what every door needs to answer alike: the
// API turns it into a status (http/errors.ts), the console into a page (console/console.ts), the CLI
// into one line on stderr and exit code 1 (cli/main.ts). The message says what to fix, in words.
export const useCaseErrorKinds = ['not_found', 'forbidden', 'conflict', 'invalid'] as const;
export type UseCaseErrorKind = (typeof useCaseErrorKinds)[number];

/** One invalid field of a request: where it is (a path such as stages[1].steps[2].template) and what was expected. */
export type FieldProblem = { field: string; message: string };

export class UseCaseError extends Error {
  constructor(
    readonly kind: UseCaseErrorKind,
    message: string,
    /** Lines that belong to the message, such as every rejected row of an import. */
    readonly details: string[] = [],
    /** With `invalid`: every field that is wrong. */
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'UseCaseError';
  }
}

export const notFound = (message: string) => new UseCaseError('not_found', message);
export const forbidden = (message: string) => new UseCaseError('forbidden', message);
export const conflict = (message: string) => new UseCaseError('conflict', message);
export const invalid = (message: string, details: string[] = [], fields: FieldProblem[] = []) => new UseCaseError('invalid', message, details, fields);
