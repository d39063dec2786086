import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from './codes';
import { INTERVALS } from './intervals';
import { parseClientMessage } from './schemas';

const CODES = new Set<string>(Object.values(ErrorCode));
const symbol = fc.stringMatching(/^[A-Z0-9][A-Z0-9._-]{0,31}$/);
const channel = fc.oneof(
  symbol.map((s) => `quote:${s}`),
  symbol.map((s) => `trades:${s}`),
  fc.tuple(symbol, fc.constantFrom(...INTERVALS)).map(([s, i]) => `candles:${s}:${i}`),
  fc.constantFrom('markets', 'alerts'),
);

/** Property tests of the inbound message parser: any input gets an answer, never an exception. */
describe('parseClientMessage (properties)', () => {
  it('answers every string with ok or a contract error code and a message, and echoes only integer ids', () => {
    const frames = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.object().map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(frames, (text) => {
        const result = parseClientMessage(text);
        if (result.ok) return;
        expect(CODES.has(result.code)).toBe(true);
        expect(typeof result.message).toBe('string');
        if ('id' in result && result.id !== undefined) expect(Number.isInteger(result.id)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every well-formed subscribe and keeps its channels and id', () => {
    fc.assert(
      fc.property(fc.array(channel, { minLength: 1, maxLength: 20 }), fc.option(fc.integer(), { nil: undefined }), (channels, id) => {
        const result = parseClientMessage(JSON.stringify({ op: 'subscribe', channels, ...(id === undefined ? {} : { id }) }));
        expect(result).toMatchObject({ ok: true, message: { op: 'subscribe', channels, ...(id === undefined ? {} : { id }) } });
      }),
    );
  });

  it('answers BAD_MESSAGE for a subscribe whose fields have the wrong types, echoing an integer id', () => {
    const notStrings = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.object());
    fc.assert(
      fc.property(notStrings, fc.integer(), (bad, id) => {
        const result = parseClientMessage(JSON.stringify({ op: 'subscribe', id, channels: [bad] }));
        expect(result).toMatchObject({ ok: false, code: 'BAD_MESSAGE', id });
      }),
    );
  });
});
