// Group commit: writes asked for while a write is in progress wait and go together in the next one.
// A caller alone waits one turn of the event loop; under load (a worker runs many sends at once)
// each write carries everything that arrived during the previous one, so one statement and one
// commit serve many callers. Every caller still waits until its own row is committed: what a caller
// does next (hand the end of a message to the relay, report a send done) happens after its write is
// durable, exactly as with a write of its own. Reads that run once per send are grouped the same
// way (groupRead): one round trip to PostgreSQL answers many.
//
// A batch that fails is run again one item at a time, so one bad item (a row whose account was
// deleted meanwhile) fails only its own caller, who retries as it would have anyway.
//
// With `rowOf`, a batch never holds two writes of the same row: the later one waits for the next
// batch, so each is applied in the order asked (in one PostgreSQL statement two writes of a row
// would not both apply).
//
// With a `Linger`, the first item of a batch waits up to its time while other callers are at work
// (PostgreSQL's commit_delay, for the same reason), and no longer once every caller is waiting in
// a group, as nobody else can come then. On SQLite a write takes the event loop until it is done,
// so nothing arrives during it: sends running together kept writing in the small groups they
// happened to start in (2.4 marks a commit with 10 sends in flight); waiting gathers all of them.

/** Items per batch at most: far under the values one statement may bind (db/client.ts). */
const maxBatch = 200;

/**
 * The callers that may join a batch, shared by the groups they use (a send reads, then writes two
 * marks). Every call of a group with a linger must come from within `participate`.
 */
export class Linger {
  /** Participants not waiting in a group. */
  private atWork = 0;
  private readonly wakers = new Set<() => void>();

  constructor(readonly ms: number) {}

  async participate<T>(work: () => Promise<T>): Promise<T> {
    this.atWork++;
    try {
      return await work();
    } finally {
      this.atWork--;
      this.wakeIfAllWait();
    }
  }

  /** A participant starts waiting in a group. */
  enter(): void {
    this.atWork--;
    this.wakeIfAllWait();
  }

  /** A participant's wait in a group is over: it is at work again. */
  leave(): void {
    this.atWork++;
  }

  get othersAtWork(): boolean {
    return this.atWork > 0;
  }

  /** Runs `fire` on a later turn: after `ms`, or as soon as every participant waits in a group. */
  wait(fire: () => void): void {
    const go = () => {
      clearTimeout(timer);
      this.wakers.delete(go);
      setImmediate(fire);
    };
    const timer = setTimeout(go, this.ms);
    this.wakers.add(go);
  }

  private wakeIfAllWait(): void {
    if (this.atWork === 0) for (const go of [...this.wakers]) go();
  }
}

export type GroupOptions<T> = {
  rowOf?: (item: T) => string;
  linger?: Linger;
};

type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (err: unknown) => void };

/** `run` answers a batch with one result per item, in the items' order. */
function grouped<T, R>(run: (items: T[]) => Promise<R[]>, { rowOf, linger }: GroupOptions<T>): (item: T) => Promise<R> {
  let queue: Waiting<T, R>[] = [];
  let running = false;

  async function runBatch(batch: Waiting<T, R>[]) {
    let results: R[];
    try {
      results = await run(batch.map((w) => w.item));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const w of batch) await runBatch([w]);
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i]!));
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
      await runBatch(batch);
    }
    running = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      linger?.enter();
      queue.push({
        item,
        resolve: (result) => (linger?.leave(), resolve(result)),
        reject: (err) => (linger?.leave(), reject(err)),
      });
      if (!running) {
        running = true;
        if (linger?.othersAtWork) linger.wait(() => void drain());
        else setImmediate(() => void drain());
      }
    });
}

/** Writes of many callers in one: `write` writes all of its items or throws. */
export function groupCommit<T>(write: (items: T[]) => Promise<void>, options: GroupOptions<T> = {}): (item: T) => Promise<void> {
  return grouped(async (items: T[]) => {
    await write(items);
    return items.map(() => undefined);
  }, options);
}

/** Reads of many callers in one: `read` answers each item, in order. */
export function groupRead<T, R>(read: (items: T[]) => Promise<R[]>, options: Omit<GroupOptions<T>, 'rowOf'> = {}): (item: T) => Promise<R> {
  return grouped(read, options);
}
