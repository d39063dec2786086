/** Outgoing frames under a token bucket, so the client never trips the server's rate limit. */
export interface SendQueue {
  /** Sets the rate from the server's `maxMessagesPerSecond`; refills the bucket. */
  configure(maxMessagesPerSecond: number): void;
  push(text: string): void;
  /** 0 when a frame pushed now goes out at once, else about how long until it would. */
  waitMs(): number;
  /** Drops what is queued (the socket went away). */
  clear(): void;
}

/** Creates a send queue writing through `write`; uses half of the server's limit as its own. */
export function createSendQueue(write: (text: string) => void): SendQueue {
  let queue: string[] = [];
  let capacity = 5;
  let tokens = capacity;
  let last = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const refill = (): void => {
    const now = Date.now();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * capacity);
    last = now;
  };
  const drain = (): void => {
    refill();
    while (queue.length > 0 && tokens >= 1) {
      tokens -= 1;
      const text = queue.shift();
      if (text !== undefined) write(text);
    }
    if (queue.length > 0 && timer === undefined) {
      const waitMs = Math.max(1, Math.ceil(((1 - tokens) / capacity) * 1000));
      timer = setTimeout(() => {
        timer = undefined;
        drain();
      }, waitMs);
    }
  };
  return {
    configure(maxMessagesPerSecond) {
      // NOTE: half the server's budget: clocks and batching windows differ; never get near RATE_LIMITED.
      capacity = Math.max(1, Math.floor(maxMessagesPerSecond / 2));
      tokens = capacity;
      last = Date.now();
    },
    waitMs() {
      refill();
      const needed = queue.length + 1 - tokens;
      return needed <= 0 ? 0 : Math.max(1, Math.ceil((needed / capacity) * 1000));
    },
    push(text) {
      queue.push(text);
      drain();
    },
    clear() {
      queue = [];
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
