/**
 * A minimal protobuf wire-format reader and writer: varint, zigzag (sint64), fixed32 (float),
 * fixed64 (double) and length-delimited (string) fields. Just enough for Yahoo's `PricingData`;
 * no npm protobuf dependency.
 *
 * NOTE: 64-bit integers are decoded into JS numbers; values beyond 2^53 are rejected as
 * malformed (no field Yahoo sends, epoch ms or day volume, comes near).
 */

/** Protobuf wire types. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
/** One of the wire types this codec reads. */
export type WireType = (typeof WIRE)[keyof typeof WIRE];

/** The bytes are not a valid protobuf message (for this codec). */
export class ProtoError extends Error {}

/** Reads fields one by one from a protobuf-encoded buffer. */
export interface ProtoReader {
  /** True when every byte has been read. */
  done(): boolean;
  /** The next field's key: field number and wire type. */
  key(): { field: number; wire: number };
  /** An unsigned varint (as a safe integer). */
  varint(): number;
  /** A zigzag-encoded signed varint (sint32/sint64). */
  sint(): number;
  /** A little-endian IEEE-754 single (fixed32). */
  float(): number;
  /** A little-endian IEEE-754 double (fixed64). */
  double(): number;
  /** A length-delimited UTF-8 string. */
  string(): string;
  /** Skips a value of `wire` type (unknown fields). */
  skip(wire: number): void;
}

/** Creates a reader over `bytes`; every method throws ProtoError on truncated or invalid input. */
export function createProtoReader(bytes: Uint8Array): ProtoReader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;

  function need(n: number): void {
    if (pos + n > bytes.length) throw new ProtoError(`truncated at byte ${pos} (need ${n} more)`);
  }

  function varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      need(1);
      const b = bytes[pos++] ?? 0;
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (!Number.isSafeInteger(result)) throw new ProtoError('varint beyond 2^53');
        return result;
      }
      scale *= 128;
    }
    throw new ProtoError('varint longer than 10 bytes');
  }

  function length(): number {
    const n = varint();
    need(n);
    return n;
  }

  return {
    done: () => pos >= bytes.length,
    key() {
      const k = varint();
      const field = Math.floor(k / 8);
      if (field === 0) throw new ProtoError('field number 0');
      return { field, wire: k % 8 };
    },
    varint,
    sint() {
      const n = varint();
      // NOTE: zigzag without bit operators (they truncate to 32 bits): even → n/2, odd → -(n+1)/2.
      return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
    },
    float() {
      need(4);
      const v = view.getFloat32(pos, true);
      pos += 4;
      return v;
    },
    double() {
      need(8);
      const v = view.getFloat64(pos, true);
      pos += 8;
      return v;
    },
    string() {
      const n = length();
      const s = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(pos, pos + n));
      pos += n;
      return s;
    },
    skip(wire) {
      if (wire === WIRE.varint) varint();
      else if (wire === WIRE.fixed64) {
        need(8);
        pos += 8;
      } else if (wire === WIRE.fixed32) {
        need(4);
        pos += 4;
      } else if (wire === WIRE.bytes) {
        // NOTE: not `pos += length()`: that reads pos before length() moves it past the prefix.
        const n = length();
        pos += n;
      } else throw new ProtoError(`unsupported wire type ${wire}`);
    },
  };
}

/** Writes fields into a growing buffer (the fake venue's encoder). */
export interface ProtoWriter {
  varint(field: number, value: number): ProtoWriter;
  sint(field: number, value: number): ProtoWriter;
  float(field: number, value: number): ProtoWriter;
  double(field: number, value: number): ProtoWriter;
  string(field: number, value: string): ProtoWriter;
  /** Raw bytes appended as they are (tests build broken messages with it). */
  raw(bytes: Uint8Array | readonly number[]): ProtoWriter;
  finish(): Uint8Array;
}

/** Creates an empty protobuf writer. */
export function createProtoWriter(): ProtoWriter {
  const out: number[] = [];

  function putVarint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new ProtoError(`cannot encode varint ${value}`);
    let v = value;
    while (v >= 128) {
      out.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  }

  const putKey = (field: number, wire: WireType): void => putVarint(field * 8 + wire);

  const writer: ProtoWriter = {
    varint(field, value) {
      putKey(field, WIRE.varint);
      putVarint(value);
      return writer;
    },
    sint(field, value) {
      putKey(field, WIRE.varint);
      putVarint(value >= 0 ? value * 2 : -value * 2 - 1);
      return writer;
    },
    float(field, value) {
      putKey(field, WIRE.fixed32);
      const b = new Uint8Array(4);
      new DataView(b.buffer).setFloat32(0, value, true);
      out.push(...b);
      return writer;
    },
    double(field, value) {
      putKey(field, WIRE.fixed64);
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, value, true);
      out.push(...b);
      return writer;
    },
    string(field, value) {
      putKey(field, WIRE.bytes);
      const b = new TextEncoder().encode(value);
      putVarint(b.length);
      out.push(...b);
      return writer;
    },
    raw(bytes) {
      out.push(...bytes);
      return writer;
    },
    finish: () => Uint8Array.from(out),
  };
  return writer;
}
