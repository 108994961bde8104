// What only the command line refuses (a flag it cannot read, a Temporal it cannot reach), as the API
// has ApiError for a missing key: printed like a use-case's refusal, one line, exit code 1 (cli/main.ts).
export class UserError extends Error {
  constructor(message: string, readonly details: string[] = []) {
    super(message);
    this.name = 'UserError';
  }
}
