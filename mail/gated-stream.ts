// The message as the SMTP connection reads it, held back before its end: the end-of-data mark
// follows only once the caller's hook (the durable "sending" mark) has run.
import { Readable } from 'node:stream';

/** The message body as a stream whose end waits for the hook: the end-of-data mark follows it. */
export function gatedStream(raw: Buffer, beforeEnd: (() => Promise<void>) | undefined, onGate: () => void) {
  let written = false;
  let stopped = false;
  let hook: Promise<void> | undefined;
  const stream = new Readable({
    read() {
      if (!written) {
        written = true;
        this.push(raw);
        return;
      }
      if (hook || stopped) return;
      hook = Promise.resolve(beforeEnd?.());
      hook.then(
        () => {
          onGate();
          this.push(null);
        },
        (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
  /**
   * The send failed: a hook not yet started never starts (nodemailer may still read the message
   * to its end after a refused recipient), and the promise settles once one already started has
   * finished, so the caller's record of the failure comes after the hook's own write.
   */
  const stop = () => {
    stopped = true;
    return (hook ?? Promise.resolve()).then(
      () => undefined,
      () => undefined,
    );
  };
  return { stream, stop };
}
