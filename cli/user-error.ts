// An error meant for the person at the terminal: printed as one line, exit code 1, no stack trace.
export class UserError extends Error {
  constructor(message: string, readonly details: string[] = []) {
    super(message);
    this.name = 'UserError';
  }
}
