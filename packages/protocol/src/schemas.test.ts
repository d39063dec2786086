import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './schemas';

describe('parseClientMessage', () => {
  it('accepts the three ops of the contract', () => {
    expect(
      parseClientMessage('{"op":"subscribe","id":1,"channels":["quote:AAPL"],"resume":{"quote:AAPL":{"epoch":"k3f9","seq":42}}}'),
    ).toEqual({
      ok: true,
      message: { op: 'subscribe', id: 1, channels: ['quote:AAPL'], resume: { 'quote:AAPL': { epoch: 'k3f9', seq: 42 } } },
    });
    expect(parseClientMessage('{"op":"unsubscribe","id":2,"channels":["quote:AAPL"]}')).toMatchObject({ ok: true });
    expect(parseClientMessage('{"op":"ping"}')).toEqual({ ok: true, message: { op: 'ping' } });
  });

  it.each([
    ['{', 'BAD_MESSAGE', undefined],
    ['[]', 'BAD_MESSAGE', undefined],
    ['null', 'BAD_MESSAGE', undefined],
    ['{"id":3}', 'BAD_MESSAGE', 3],
    ['{"op":"subscribe","id":4,"channels":[]}', 'BAD_MESSAGE', 4],
    ['{"op":"subscribe","id":5,"channels":[1]}', 'BAD_MESSAGE', 5],
    ['{"op":"ping","id":1.5}', 'BAD_MESSAGE', undefined],
    ['{"op":"subscribe","id":6,"channels":["quote:AAPL"],"resume":{"quote:AAPL":{"seq":-1,"epoch":"x"}}}', 'BAD_MESSAGE', 6],
    ['{"op":"hello","id":7}', 'UNKNOWN_OP', 7],
    ['{"op":"__proto__","id":8}', 'UNKNOWN_OP', 8],
  ])('refuses %s with %s, echoing a usable id', (text, code, id) => {
    const r = parseClientMessage(text);
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.id).toBe(id);
  });
});
