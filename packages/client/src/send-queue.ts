import { createTokenBucket, type TokenBucket } from '@candlewire/pacing';

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

/** A full bucket of `capacity` tokens refilled at `capacity` per second. */
const bucketOf = (capacity: number): TokenBucket => createTokenBucket({ ratePerSec: capacity, burst: capacity, now: () => Date.now() });

/** Creates a send queue writing through `write`; uses half of the server's limit as its own. */
export function createSendQueue(write: (text: string) => void): SendQueue {
  let queue: string[] = [];
  let bucket = bucketOf(5);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const drain = (): void => {
    while (queue.length > 0 && bucket.take()) {
      const text = queue.shift();
      if (text !== undefined) write(text);
    }
    if (queue.length > 0 && timer === undefined) {
      timer = setTimeout(
        () => {
          timer = undefined;
          drain();
        },
        Math.max(1, bucket.waitMs()),
      );
    }
  };
  return {
    configure(maxMessagesPerSecond) {
      // NOTE: half the server's budget: clocks and batching windows differ; never get near RATE_LIMITED.
      bucket = bucketOf(Math.max(1, Math.floor(maxMessagesPerSecond / 2)));
    },
    waitMs() {
      const wait = bucket.waitMs(queue.length + 1);
      return wait === 0 ? 0 : Math.max(1, wait);
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
