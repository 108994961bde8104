// What an SMTP error means for a send: a bounce of this address, a refusal of this message, a relay
// that cannot take mail now, or a temporary refusal worth a retry. The send activity acts on it.
export type SmtpFailure =
  /** 5xx to RCPT TO: the server refuses this address for good. */
  | { kind: 'hard_bounce'; code: number; message: string }
  /** 5xx to the message itself (MAIL FROM, DATA): this message will never be taken. */
  | { kind: 'rejected'; code: number; message: string }
  /** No answer, refused, dropped, timed out, 421 or bad credentials: the relay cannot take mail now. */
  | { kind: 'relay_unavailable'; message: string }
  /** Any other temporary refusal (4xx): try this message again later. */
  | { kind: 'soft'; message: string };

/** Errors of our own making or of the message itself, not of the relay. */
const localCodes = new Set(['ESTREAM', 'EMESSAGE', 'EENVELOPE', 'ECLOSED']);

export function classifySmtpError(err: unknown): SmtpFailure {
  const e = (err ?? {}) as { message?: unknown; responseCode?: unknown; command?: unknown; code?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command : '';
  if (code !== undefined && code >= 500) {
    if (command === 'RCPT TO') return { kind: 'hard_bounce', code, message };
    // Refused at the greeting or the login: the relay (or our credentials for it) is the problem.
    if (command === 'CONN' || command.startsWith('AUTH')) return { kind: 'relay_unavailable', message };
    return { kind: 'rejected', code, message };
  }
  if (code === 421) return { kind: 'relay_unavailable', message };
  if (code === undefined) {
    if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return { kind: 'rejected', code: 0, message };
    if (typeof e.code === 'string' && localCodes.has(e.code)) return { kind: 'soft', message };
    return { kind: 'relay_unavailable', message };
  }
  return { kind: 'soft', message };
}
