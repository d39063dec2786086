import { describe, expect, it } from 'vitest';
import { decodeFrame } from './inbound';

describe('inbound frames', () => {
  it('decodes a text frame into a client message, whatever buffers it came in', () => {
    const text = '{"op":"ping","id":7}';
    const whole = decodeFrame(Buffer.from(text), false);
    const parts = decodeFrame([Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))], false);
    expect(whole).toEqual({ ok: true, message: { op: 'ping', id: 7 } });
    expect(parts).toEqual(whole);
  });

  it('answers binary frames and messages off the contract with the error to send', () => {
    expect(decodeFrame(Buffer.from('{}'), true)).toEqual({
      ok: false,
      error: { code: 'BAD_MESSAGE', message: 'binary frames are not accepted: send JSON text' },
    });
    const bad = decodeFrame(Buffer.from('{"op":"dance"}'), false);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('UNKNOWN_OP');
  });
});
