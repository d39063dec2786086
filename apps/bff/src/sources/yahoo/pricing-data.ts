/**
 * Yahoo's streamer message `PricingData` (protobuf, sent base64): decode for the adapter,
 * encode for the fake venue. Field numbers follow the published reverse-engineered
 * `PricingData.proto` (id = 1, price = 2, time = 3 …, marketcap = 33).
 */
import { createProtoReader, createProtoWriter, ProtoError, WIRE } from './proto-wire';

/** Market-hours codes of `PricingData.marketHours`. */
export const MARKET_HOURS = { pre: 0, regular: 1, post: 2, extended: 3 } as const;

/** Quote-type codes of `PricingData.quoteType` (the ones the adapter cares about). */
export const QUOTE_TYPES = { none: 0, heartbeat: 7, equity: 8, index: 9, etf: 20, crypto: 41 } as const;

/** The decoded fields of one `PricingData` message; absent fields are undefined (proto3 default). */
export interface PricingData {
  id: string;
  price?: number;
  /** Epoch ms. */
  time?: number;
  currency?: string;
  exchange?: string;
  quoteType?: number;
  marketHours?: number;
  changePercent?: number;
  /** Cumulative volume of the trading day, in shares. */
  dayVolume?: number;
  dayHigh?: number;
  dayLow?: number;
  change?: number;
  shortName?: string;
  openPrice?: number;
  previousClose?: number;
  lastSize?: number;
  bid?: number;
  bidSize?: number;
  ask?: number;
  askSize?: number;
  /** Decimals Yahoo uses to display the price. */
  priceHint?: number;
  vol24hr?: number;
  circulatingSupply?: number;
  marketcap?: number;
}

type Kind = 'string' | 'float' | 'sint' | 'enum' | 'double';
type Field = Exclude<keyof PricingData, 'id'>;

/** Field number → (name, protobuf kind), for every field the codec knows. */
const FIELDS = {
  2: ['price', 'float'],
  3: ['time', 'sint'],
  4: ['currency', 'string'],
  5: ['exchange', 'string'],
  6: ['quoteType', 'enum'],
  7: ['marketHours', 'enum'],
  8: ['changePercent', 'float'],
  9: ['dayVolume', 'sint'],
  10: ['dayHigh', 'float'],
  11: ['dayLow', 'float'],
  12: ['change', 'float'],
  13: ['shortName', 'string'],
  15: ['openPrice', 'float'],
  16: ['previousClose', 'float'],
  22: ['lastSize', 'sint'],
  23: ['bid', 'float'],
  24: ['bidSize', 'sint'],
  25: ['ask', 'float'],
  26: ['askSize', 'sint'],
  27: ['priceHint', 'sint'],
  28: ['vol24hr', 'sint'],
  32: ['circulatingSupply', 'double'],
  33: ['marketcap', 'double'],
} as const satisfies Record<number, readonly [Field, Kind]>;

const WIRE_OF = { string: WIRE.bytes, float: WIRE.fixed32, sint: WIRE.varint, enum: WIRE.varint, double: WIRE.fixed64 } as const;

function fieldSpec(n: number): readonly [Field, Kind] | undefined {
  return (FIELDS as Record<number, readonly [Field, Kind]>)[n];
}

/** Decodes one `PricingData`; throws ProtoError when the bytes are not one (or `id` is missing). */
export function decodePricingData(bytes: Uint8Array): PricingData {
  const reader = createProtoReader(bytes);
  let id: string | undefined;
  const out: Partial<Record<Field, number | string>> = {};
  while (!reader.done()) {
    const { field, wire } = reader.key();
    if (field === 1) {
      if (wire !== WIRE.bytes) throw new ProtoError(`field id: wire type ${wire}`);
      id = reader.string();
      continue;
    }
    const spec = fieldSpec(field);
    if (spec === undefined) {
      reader.skip(wire);
      continue;
    }
    const [name, kind] = spec;
    if (wire !== WIRE_OF[kind]) throw new ProtoError(`field ${name}: wire type ${wire}, expected ${WIRE_OF[kind]}`);
    if (kind === 'string') out[name] = reader.string();
    else if (kind === 'float') out[name] = reader.float();
    else if (kind === 'double') out[name] = reader.double();
    else if (kind === 'sint') out[name] = reader.sint();
    else out[name] = reader.varint();
  }
  if (id === undefined || id === '') throw new ProtoError('PricingData without id');
  return { ...(out as Partial<Omit<PricingData, 'id'>>), id };
}

/** Encodes a `PricingData` (fields in field-number order; undefined fields left out). */
export function encodePricingData(data: PricingData): Uint8Array {
  const w = createProtoWriter().string(1, data.id);
  for (const [num, [name, kind]] of Object.entries(FIELDS)) {
    const value = data[name];
    if (value === undefined) continue;
    const field = Number(num);
    if (kind === 'string') w.string(field, String(value));
    else if (kind === 'float') w.float(field, Number(value));
    else if (kind === 'double') w.double(field, Number(value));
    else if (kind === 'sint') w.sint(field, Number(value));
    else w.varint(field, Number(value));
  }
  return w.finish();
}

/** Base64 → PricingData (what a streamer frame carries). */
export function decodePricingBase64(text: string): PricingData {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) throw new ProtoError('not base64');
  return decodePricingData(Buffer.from(text, 'base64'));
}

/** PricingData → base64. */
export function encodePricingBase64(data: PricingData): string {
  return Buffer.from(encodePricingData(data)).toString('base64');
}
