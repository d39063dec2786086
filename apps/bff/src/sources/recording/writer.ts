import { createWriteStream } from 'node:fs';

/** Options of `createLineWriter`. */
export interface LineWriterOptions {
  /** Buffered text above this many characters is handed to the file at once (default 64 KiB). */
  flushChars?: number;
  /** Buffered text is handed to the file at least this often, ms (default 200). */
  flushMs?: number;
  /** Told about a write error once; later lines are dropped. */
  onError?: (err: Error) => void;
}

/** Buffered, asynchronous line writer: `write` never blocks the event loop. */
export interface LineWriter {
  /** Appends one line (without its newline). */
  write(line: string): void;
  /** Lines written so far. */
  lines(): number;
  /** Flushes everything and closes the file; idempotent. */
  close(): Promise<void>;
}

/** Creates a buffered NDJSON line writer on `path` (truncated). */
export function createLineWriter(path: string, options: LineWriterOptions = {}): LineWriter {
  const flushChars = options.flushChars ?? 64 * 1024;
  const stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
  let buffer: string[] = [];
  let chars = 0;
  let count = 0;
  let failed = false;
  let closing: Promise<void> | null = null;
  stream.on('error', (err) => {
    if (failed) return;
    failed = true;
    options.onError?.(err);
  });

  const flush = (): void => {
    if (buffer.length === 0 || failed) return;
    // NOTE: the stream queues what it cannot write yet; we never drop recorded events on backpressure.
    stream.write(`${buffer.join('\n')}\n`);
    buffer = [];
    chars = 0;
  };
  const timer = setInterval(flush, options.flushMs ?? 200);
  timer.unref();

  return {
    write(line) {
      if (closing !== null || failed) return;
      buffer.push(line);
      chars += line.length + 1;
      count++;
      if (chars >= flushChars) flush();
    },
    lines: () => count,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(timer);
        flush();
        if (failed) {
          stream.destroy();
          resolve();
          return;
        }
        stream.end(() => resolve());
        stream.once('error', () => resolve());
      });
      return closing;
    },
  };
}
