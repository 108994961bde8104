// A problem the person who asked can fix (bad file, unknown domain, invalid rule): one clear line,
// and optionally one line per detail, such as every invalid row of an import. The CLI prints it
// with exit code 1; an HTTP API would answer 400 or 404.
export class AccountsError extends Error {
  constructor(message: string, readonly details: string[] = []) {
    super(message);
    this.name = 'AccountsError';
  }
}
