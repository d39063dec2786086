import { readFileSync } from 'node:fs';
import { recordingEventSchema, recordingHeaderSchema, type RecordingEvent, type RecordingHeader } from '../recording/format';

/** A recording read into memory. */
export interface Recording {
  file: string;
  header: RecordingHeader;
  /** Event lines in file order (receive time non-decreasing). */
  events: RecordingEvent[];
  /** Receive time of the last event (the header's start when there is none). */
  end: number;
}

/** A recording that cannot be replayed; the message names the file and line. */
export class RecordingError extends Error {}

const parseLine = (file: string, n: number, line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch (err) {
    throw new RecordingError(`${file}:${n}: not JSON (${(err as Error).message})`);
  }
};

/**
 * Parses NDJSON recording text. A bad header or event line is an error with its line number:
 * a replay that silently skipped events would not reproduce the session.
 * NOTE: a last line cut short (a recorder killed without SIGTERM) is dropped, not an error.
 */
export function parseRecording(file: string, text: string): Recording {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  const header = recordingHeaderSchema.safeParse(parseLine(file, 1, first));
  if (!header.success)
    throw new RecordingError(
      `${file}:1: not a recording header: ${header.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const events: RecordingEvent[] = [];
  let last = header.data.startedAt;
  let lastLine = lines.length - 1;
  while (lastLine > 0 && (lines[lastLine] ?? '').trim() === '') lastLine--;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const isLast = i === lastLine;
    let raw: unknown;
    try {
      raw = parseLine(file, i + 1, line);
    } catch (err) {
      if (isLast) break;
      throw err;
    }
    const event = recordingEventSchema.safeParse(raw);
    if (!event.success)
      throw new RecordingError(
        `${file}:${i + 1}: bad event: ${event.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    if (event.data.t < last) throw new RecordingError(`${file}:${i + 1}: receive time ${event.data.t} goes back (previous ${last})`);
    last = event.data.t;
    events.push(event.data);
  }
  return { file, header: header.data, events, end: last };
}

/** Reads and parses a recording file (whole, into memory). */
export function loadRecording(file: string): Recording {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RecordingError(`cannot read recording ${file}: ${(err as Error).message}`);
  }
  return parseRecording(file, text);
}
