// A report that cannot be made as asked (an unknown journey or rep, costs in two currencies): one line
// naming what to change. The CLI prints it; the API answers it as a 400 or 404.
export class MetricsError extends Error {
  constructor(
    message: string,
    readonly kind: 'not_found' | 'invalid' = 'invalid',
  ) {
    super(message);
    this.name = 'MetricsError';
  }
}
