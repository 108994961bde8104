// Group commit: writes asked for while a write is in progress wait and go together in the next one.
// A caller alone waits one turn of the event loop; under load (a worker runs many sends at once)
// each write carries everything that arrived during the previous one, so one statement and one
// commit serve many callers. Every caller still waits until its own row is committed: what a caller
// does next (hand the end of a message to the relay, report a send done) happens after its write is
// durable, exactly as with a write of its own.
//
// A batch that fails is written again one item at a time, so one bad item (a row whose account was
// deleted meanwhile) fails only its own caller, who retries as it would have anyway.
//
// With `rowOf`, a batch never holds two writes of the same row: the later one waits for the next
// batch, so each is applied in the order asked (in one PostgreSQL statement two writes of a row
// would not both apply).
//
// With `linger`, the first write of a batch waits that long while `others()` says callers that have
// not asked yet are at work (PostgreSQL's commit_delay, for the same reason). On SQLite a write
// takes the event loop until it is done, so nothing arrives during it: sends running together then
// kept writing in the small groups they happened to start in (2.4 marks a commit with 10 sends in
// flight), where waiting a millisecond gathers all of them.

/** Rows written per statement at most: far under what one statement may bind (db/client.ts). */
const maxBatch = 200;

type Waiting<T> = { item: T; resolve: () => void; reject: (err: unknown) => void };

export type GroupCommitOptions<T> = {
  rowOf?: (item: T) => string;
  linger?: { ms: number; others: () => boolean };
};

export function groupCommit<T>(write: (items: T[]) => Promise<void>, { rowOf, linger }: GroupCommitOptions<T> = {}): (item: T) => Promise<void> {
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

  /** How many of the queue's first items go in the next batch. */
  function nextBatchSize(): number {
    const limit = Math.min(queue.length, maxBatch);
    if (!rowOf) return limit;
    const rows = new Set<string>();
    for (let i = 0; i < limit; i++) {
      const row = rowOf(queue[i]!.item);
      if (rows.has(row)) return i;
      rows.add(row);
    }
    return limit;
  }

  async function drain() {
    while (queue.length > 0) {
      const size = nextBatchSize();
      const batch = queue.slice(0, size);
      queue = queue.slice(size);
      await writeBatch(batch);
    }
    writing = false;
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) {
        writing = true;
        if (linger && linger.others()) setTimeout(() => void drain(), linger.ms);
        else setImmediate(() => void drain());
      }
    });
}
