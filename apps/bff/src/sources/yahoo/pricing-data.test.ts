import { describe, expect, it } from 'vitest';
import { createProtoReader, createProtoWriter, ProtoError } from './proto-wire';
import {
  decodePricingBase64,
  decodePricingData,
  encodePricingBase64,
  encodePricingData,
  MARKET_HOURS,
  QUOTE_TYPES,
  type PricingData,
} from './pricing-data';

const f32 = (v: number): number => Math.fround(v);

describe('protobuf wire', () => {
  it('encodes varints and zigzag sint64 as the spec examples', () => {
    // Spec: 150 → 96 01; zigzag: 0→0, -1→1, 1→2, -2→3, 2147483647→4294967294.
    expect([...createProtoWriter().varint(1, 150).finish()]).toEqual([0x08, 0x96, 0x01]);
    const w = createProtoWriter();
    for (const v of [0, -1, 1, -2, 2147483647, -1_700_000_000_123]) w.sint(1, v);
    const r = createProtoReader(w.finish());
    const out: number[] = [];
    while (!r.done()) {
      expect(r.key()).toEqual({ field: 1, wire: 0 });
      out.push(r.sint());
    }
    expect(out).toEqual([0, -1, 1, -2, 2147483647, -1_700_000_000_123]);
    expect([...createProtoWriter().sint(3, -1).finish()]).toEqual([0x18, 0x01]);
  });

  it('reads fixed32 floats and fixed64 doubles little-endian', () => {
    const bytes = createProtoWriter().float(2, 600.93).double(33, 2.5e12).finish();
    expect([...bytes.subarray(0, 1)]).toEqual([0x15]);
    const r = createProtoReader(bytes);
    r.key();
    expect(r.float()).toBe(f32(600.93));
    expect(r.key()).toEqual({ field: 33, wire: 1 });
    expect(r.double()).toBe(2.5e12);
  });

  it('rejects truncated input, overlong varints and groups', () => {
    const truncated = createProtoReader(Uint8Array.from([0x08, 0x96]));
    truncated.key();
    expect(() => truncated.varint()).toThrow(/truncated/);
    const overlong = Uint8Array.from([0x08, ...Array<number>(11).fill(0xff)]);
    const r = createProtoReader(overlong);
    r.key();
    expect(() => r.varint()).toThrow(/10 bytes|2\^53/);
    const group = createProtoReader(Uint8Array.from([0x0b]));
    const { wire } = group.key();
    expect(() => group.skip(wire)).toThrow(/wire type 3/);
  });
});

describe('PricingData', () => {
  const full: PricingData = {
    id: '600000.SS',
    price: f32(10.23),
    time: 1_763_700_000_123,
    currency: 'CNY',
    exchange: 'SHH',
    quoteType: QUOTE_TYPES.equity,
    marketHours: MARKET_HOURS.regular,
    changePercent: f32(-1.25),
    dayVolume: 48_123_400,
    dayHigh: f32(10.4),
    dayLow: f32(10.1),
    change: f32(-0.13),
    shortName: '浦发银行',
    openPrice: f32(10.3),
    previousClose: f32(10.36),
    lastSize: 300,
    bid: f32(10.22),
    bidSize: 1200,
    ask: f32(10.23),
    askSize: 800,
    priceHint: 2,
    vol24hr: 0,
    circulatingSupply: 1.5e9,
    marketcap: 3.0e11,
  };

  it('round-trips every field, through base64 too', () => {
    expect(decodePricingData(encodePricingData(full))).toEqual(full);
    expect(decodePricingBase64(encodePricingBase64(full))).toEqual(full);
  });

  it('decodes bytes written field by field like Yahoo (unknown fields skipped)', () => {
    const bytes = createProtoWriter()
      .string(1, 'AAPL')
      .float(2, 227.5)
      .sint(3, 1_763_740_800_000)
      .string(34, 'components-we-ignore')
      .varint(6, 8)
      .sint(9, 1_234_567)
      .finish();
    expect(decodePricingData(bytes)).toEqual({ id: 'AAPL', price: 227.5, time: 1_763_740_800_000, quoteType: 8, dayVolume: 1_234_567 });
  });

  it('rejects a message without id, a known field with the wrong wire type, and non-base64', () => {
    expect(() => decodePricingData(createProtoWriter().float(2, 1).finish())).toThrow(/without id/);
    expect(() => decodePricingData(createProtoWriter().string(1, 'AAPL').varint(2, 5).finish())).toThrow(/price: wire type 0/);
    expect(() => decodePricingData(encodePricingData(full).subarray(0, 20))).toThrow(ProtoError);
    expect(() => decodePricingBase64('not base64!')).toThrow(/base64/);
  });
});
