import {
  kindOf,
  readChannel,
  type Alert,
  type CandleUpdate,
  type Channel,
  type ChannelData,
  type ChannelKind,
  type ChannelSnapshot,
  type MarketsData,
  type Quote,
  type Trade,
} from '@candlewire/protocol';
import type { ChannelEvent, ConnectionState } from '../types';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const volume = (n: number): string => n.toLocaleString('en-US');
const pct = (n: number): string => `${n >= 0 ? '+' : ''}${n.toFixed(2)}%`;

/** Local wall time `HH:MM:SS.mmm` of epoch ms. */
export function clock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Bucket start of a candle (epoch seconds) as the interval wants it: date, minutes or seconds. */
function bucket(sec: number, interval: string): string {
  const d = new Date(sec * 1000);
  if (interval === '1d') return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return interval === '1s' ? `${hm}:${pad(d.getSeconds())}` : hm;
}

/** `12:34:56.789 quote:AAPL 238.42 +1.53% bid 238.41 ask 238.42 [live]` */
export function formatQuote(channel: string, q: Quote): string {
  return `${clock(q.time)} ${channel} ${q.price} ${pct(q.changePct)} bid ${q.bid} ask ${q.ask} [${q.state}]`;
}

/** `12:34:56.789 trades:AAPL BUY 100 @ 238.42` */
export function formatTrade(channel: string, t: Trade): string {
  return `${clock(t.time)} ${channel} ${t.side.toUpperCase()} ${volume(t.size)} @ ${t.price}`;
}

/** `12:34 candles:AAPL:1m O 238.4 H 238.6 L 238.3 C 238.5 V 12,207 (forming)` */
export function formatCandle(channel: string, k: CandleUpdate, interval: string): string {
  const status = k.closed === false ? 'forming' : 'closed';
  return `${bucket(k.time, interval)} ${channel} O ${k.open} H ${k.high} L ${k.low} C ${k.close} V ${volume(k.volume)} (${status})`;
}

/** `12:34:56.789 alerts SURGE AAPL +2.10% in 60s: …` */
export function formatAlert(a: Alert): string {
  return `${clock(a.time)} alerts ${a.kind.toUpperCase()} ${a.symbol} ${pct(a.changePct)} in ${a.windowSec}s: ${a.message}`;
}

/** One line summing up the `markets` channel. */
export function formatMarkets(m: MarketsData): string {
  const markets = m.markets.map((x) => `${x.id} ${x.status}`).join(', ');
  const movers = [...m.movers.gainers, ...m.movers.losers].map((x) => `${x.symbol} ${pct(x.changePct)}`).join(' ');
  return `markets ${markets} | movers ${movers} | ${m.connections} connections`;
}

type Formatters = { readonly [K in ChannelKind]: (channel: Channel<K>, data: ChannelData[K]) => string };

const FORMATTERS: Formatters = {
  quote: formatQuote,
  trades: formatTrade,
  candles: (channel, k) => {
    const parsed = readChannel(channel);
    return formatCandle(channel, k, parsed.interval);
  },
  alerts: (_channel, a) => formatAlert(a),
  markets: (_channel, m) => formatMarkets(m),
};

/** One item of `channel` (an update's data or a snapshot item) as a line. */
export function formatData<K extends ChannelKind>(channel: Channel<K>, data: ChannelData[K]): string {
  return FORMATTERS[kindOf(channel)](channel, data);
}

/** A snapshot's lines after its head: a latest value, or the count and the latest item. */
type SnapshotLines = { readonly [K in ChannelKind]: (channel: Channel<K>, head: string, snapshot: ChannelSnapshot[K]) => string[] };

const latestLines = <T>(head: string, value: T | null, format: (value: T) => string): string[] =>
  value === null ? [`${head}: empty`] : [head, format(value)];
const recentLines = <T>(head: string, items: readonly T[], format: (value: T) => string): string[] => {
  const last = items.at(-1);
  return [`${head}: ${items.length} items`, ...(last === undefined ? [] : [format(last)])];
};

const SNAPSHOT_LINES: SnapshotLines = {
  quote: (channel, head, q) => latestLines(head, q, (v) => formatData(channel, v)),
  markets: (channel, head, m) => latestLines(head, m, (v) => formatData(channel, v)),
  trades: (channel, head, items) => recentLines(head, items, (v) => formatData(channel, v)),
  candles: (channel, head, items) => recentLines(head, items, (v) => formatData(channel, v)),
  alerts: (channel, head, items) => recentLines(head, items, (v) => formatData(channel, v)),
};

/** Lines for one channel event (a snapshot shows its size and its latest item). */
export function formatEvent<K extends ChannelKind>(event: ChannelEvent<K>): string[] {
  switch (event.type) {
    case 'update':
      return [formatData(event.channel, event.data)];
    case 'error':
      return [`${event.channel} error ${event.code}: ${event.message}`];
    case 'snapshot': {
      const head = `${event.channel} ${event.reset ? 'reset snapshot' : 'snapshot'} (epoch ${event.position.epoch}, seq ${event.position.seq})`;
      return SNAPSHOT_LINES[kindOf(event.channel)](event.channel, head, event.snapshot);
    }
  }
}

/** A connection state as a short line for stderr. */
export function formatState(state: ConnectionState): string {
  switch (state.status) {
    case 'connecting':
      return `[connecting] attempt ${state.attempt}`;
    case 'connected':
      return `[connected] session ${state.sessionId}${state.latencyMs === null ? '' : `, latency ${state.latencyMs} ms`}`;
    case 'reconnecting':
      return `[reconnecting] attempt ${state.attempt} in ${Math.round(state.retryInMs)} ms (last close ${state.lastCloseCode ?? 'none'})`;
    case 'offline':
      return `[offline] ${state.reason}`;
  }
}
