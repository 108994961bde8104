// HubSpot counts a private app's calls in a rolling ten-second window (100 on Free and Starter,
// 190 on Professional and Enterprise). Staying under it on our side keeps a burst of handoffs from
// meeting 429s at all; a 429 that still comes (other apps share the account's limit) is waited out.
export type Limiter = () => Promise<void>;

/** A sliding-window limiter: at most `max` calls in any `windowMs`; each call waits for its turn. */
export function slidingWindowLimiter(max: number, windowMs: number, now: () => number = Date.now): Limiter {
  const recent: number[] = [];
  let queue: Promise<void> = Promise.resolve();
  const turn = async () => {
    for (;;) {
      const t = now();
      while (recent.length > 0 && recent[0]! <= t - windowMs) recent.shift();
      if (recent.length < max) {
        recent.push(t);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, recent[0]! + windowMs - t));
    }
  };
  return () => (queue = queue.then(turn));
}
