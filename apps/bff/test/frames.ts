import {
  decodeServerFrame,
  parseChannel,
  updateOf,
  type CandleUpdate,
  type Channel,
  type ChannelData,
  type ChannelKind,
} from '@candlewire/protocol';
import type { TestClient } from './ws-client';

/** The data of the updates of `name` in one serialized frame (a broker `StreamUpdate.frame`), decoded as a client would. */
export function updatesIn<K extends ChannelKind>(name: Channel<K>, frame: string): ChannelData[K][] {
  return decodeServerFrame(frame, (rejected) => {
    throw new Error(`frame breaks the contract: ${rejected.reason}`);
  })
    .filter(updateOf(name))
    .map((m) => m.data);
}

/** The candles channel named `name` (a string from a fixture file), or an error. */
export function candlesChannel(name: string): Channel<'candles'> {
  const parsed = parseChannel(name);
  if (!parsed.ok || parsed.channel.kind !== 'candles') throw new Error(`not a candles channel: ${name}`);
  return parsed.channel.name;
}

/** The closed candles of `name` a test client received, in order. */
export function closedCandles(c: TestClient, name: string): CandleUpdate[] {
  return c.messages.filter(updateOf(candlesChannel(name), (d) => d.closed)).map((m) => m.data);
}
