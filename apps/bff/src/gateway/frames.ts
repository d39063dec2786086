/**
 * Server → client WebSocket text frames (RFC 6455 §5.2: FIN, opcode 1, unmasked), encoded once
 * per message and written as bytes to every subscriber's socket.
 */

/** One message encoded once as a complete WebSocket text frame. */
export interface Packet {
  /** The whole frame: header, then the message as UTF-8. */
  readonly bytes: Buffer;
  /** Where the payload starts in `bytes` (the header's length). */
  readonly offset: number;
}

const FIN_TEXT = 0x81;

/** Length of the header of an unmasked frame with a payload of `length` bytes. */
function headerLength(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/** Writes the header of an unmasked final text frame at `at`; returns the payload's offset. */
function writeHeader(into: Buffer, at: number, length: number): number {
  into[at] = FIN_TEXT;
  if (length < 126) {
    into[at + 1] = length;
    return at + 2;
  }
  if (length < 65_536) {
    into[at + 1] = 126;
    into.writeUInt16BE(length, at + 2);
    return at + 4;
  }
  into[at + 1] = 127;
  // NOTE: frames stay far below 2^32 bytes (MAX_BUFFERED_BYTES caps what a client may owe).
  into.writeUInt32BE(Math.floor(length / 2 ** 32), at + 2);
  into.writeUInt32BE(length >>> 0, at + 6);
  return at + 10;
}

/** Encodes one serialized message as a text frame (one UTF-8 encoding, one allocation). */
export function encodePacket(text: string): Packet {
  const length = Buffer.byteLength(text);
  const offset = headerLength(length);
  const bytes = Buffer.allocUnsafe(offset + length);
  writeHeader(bytes, 0, length);
  bytes.write(text, offset, 'utf8');
  return { bytes, offset };
}

const OPEN = 0x5b; // [
const COMMA = 0x2c;
const CLOSE = 0x5d; // ]

/**
 * One text frame holding the first `count` packets as a JSON array (the contract's batching):
 * the payloads are copied from their shared encodings, nothing is serialized or encoded again.
 */
export function batchFrame(packets: readonly Packet[], count: number): Buffer {
  let length = count + 1; // brackets and commas
  for (let i = 0; i < count; i++) {
    const p = packets[i];
    if (p !== undefined) length += p.bytes.length - p.offset;
  }
  const out = Buffer.allocUnsafe(headerLength(length) + length);
  let at = writeHeader(out, 0, length);
  out[at++] = OPEN;
  for (let i = 0; i < count; i++) {
    const p = packets[i];
    if (p === undefined) continue;
    if (i > 0) out[at++] = COMMA;
    at += p.bytes.copy(out, at, p.offset);
  }
  out[at] = CLOSE;
  return out;
}
