// Group commit: writes asked for while a write is in progress wait and go together in the next one.
// A caller alone waits one turn of the event loop; under load (a worker runs many sends at once)
// each write carries everything that arrived during the previous one, so one statement and one
// commit serve many callers. Every caller still waits until its own row is committed: what a caller
// does next (hand the end of a message to the relay, report a send done) happens after its write is
// durable, exactly as with a write of its own.
//
// A batch that fails is written again one item at a time, so one bad item (a row whose account was
// deleted meanwhile) fails only its own caller, who retries as it would have anyway.

/** Rows written per statement at most: far under what one statement may bind (db/client.ts). */
const maxBatch = 200;

type Waiting<T> = { item: T; resolve: () => void; reject: (err: unknown) => void };

export function groupCommit<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let queue: Waiting<T>[] = [];
  let writing = false;

  async function writeBatch(batch: Waiting<T>[]) {
    try {
      await write(batch.map((w) => w.item));
      for (const w of batch) w.resolve();
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const w of batch) await writeBatch([w]);
    }
  }

  async function drain() {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      await writeBatch(batch);
    }
    writing = false;
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) {
        writing = true;
        setImmediate(() => void drain());
      }
    });
}
