import {
  createChannelMap,
  createSnapshotReducer,
  type Channel,
  type ChannelData,
  type ChannelKind,
  type SnapshotReducer,
} from '@candlewire/protocol';
import type { Broker, InterestListener, SnapshotSeed, SnapshotSeeder, StreamListener, StreamUpdate } from '../types';

/** Options of the in-process broker. */
export interface MemoryBrokerOptions {
  /** Epoch of every stream of this process; a new one per start (history is not persisted). */
  epoch?: string;
  /** Keep at least this many updates per channel… */
  historyMinUpdates?: number;
  /** …and at least this much time of them (whichever is more). */
  historyMinMs?: number;
  seeder?: SnapshotSeeder;
  now?: () => number;
}

interface Stream<K extends ChannelKind> {
  seq: number;
  /** History ring: frames[i] has seq `firstSeq + i - head`. */
  frames: string[];
  times: number[];
  head: number;
  snapshot: SnapshotReducer<K>;
  listeners: Set<StreamListener>;
  /** Last time the stream had a listener (Infinity while it has one). */
  heardAt: number;
  prepared: Promise<void> | null;
}

/**
 * NOTE: V8's JSON.stringify returns a rope (a tree of parts) for all but tiny results. Held in
 * history it costs about twice its length, and it is flattened into yet another copy when first
 * sent. Converting it to a number forces the flat form once, here (the trick pino's flatstr uses).
 */
function flatten(text: string): string {
  void Number(text);
  return text;
}

/** Creates a random epoch name. */
export function createEpoch(): string {
  return Math.floor(Math.random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0');
}

/** The in-process broker: one Node process is both publisher and gateway. */
export function createMemoryBroker(options: MemoryBrokerOptions = {}): Broker {
  const epoch = options.epoch ?? createEpoch();
  const minUpdates = options.historyMinUpdates ?? 1000;
  const minMs = options.historyMinMs ?? 120_000;
  const now = options.now ?? Date.now;
  const newStream = <K extends ChannelKind>(channel: Channel<K>): Stream<K> => ({
    seq: 0,
    frames: [],
    times: [],
    head: 0,
    snapshot: createSnapshotReducer(channel),
    listeners: new Set(),
    heardAt: -Infinity,
    prepared: null,
  });
  const streams = createChannelMap<{ [K in ChannelKind]: Stream<K> }>({
    quote: newStream,
    trades: newStream,
    candles: newStream,
    markets: newStream,
    alerts: newStream,
  });
  const interest = new Set<InterestListener>();
  const tellInterest = (channel: Channel, interested: boolean): void => {
    for (const listener of interest) listener(channel, interested);
  };

  const stream = <K extends ChannelKind>(channel: Channel<K>): Stream<K> => streams.ensure(channel);

  const trim = (s: Stream<ChannelKind>, at: number): void => {
    const size = s.frames.length - s.head;
    let drop = 0;
    while (size - drop > minUpdates && (s.times[s.head + drop] ?? at) < at - minMs) {
      // NOTE: release the frame now rather than at the next compaction, so history holds only
      // live frames (otherwise its memory swings up to 2× between compactions).
      s.frames[s.head + drop] = '';
      drop++;
    }
    s.head += drop;
    // NOTE: compact once the dead prefix outgrows the live part: O(1) amortised per update.
    if (s.head > 64 && s.head * 2 > s.frames.length) {
      s.frames = s.frames.slice(s.head);
      s.times = s.times.slice(s.head);
      s.head = 0;
    }
  };

  /** Merges a seeder's items into the stream they name. */
  const seedStream = <K extends ChannelKind>(loaded: { channel: Channel<K>; items: readonly ChannelData[K][] }): void => {
    streams.get(loaded.channel)?.snapshot.seed(loaded.items);
  };

  return {
    publish(channel, data) {
      const s = stream(channel);
      const seq = ++s.seq;
      const frame = flatten(JSON.stringify({ type: 'update', channel, seq, data }));
      const at = now();
      // NOTE: history serves resumes, and only a client that was subscribed can resume. A stream
      // nobody has listened to for the retention window keeps no history (it still counts seq).
      if (s.listeners.size > 0 || at - s.heardAt < minMs) {
        s.frames.push(frame);
        s.times.push(at);
        trim(s, at);
      } else if (s.frames.length > 0) {
        s.frames = [];
        s.times = [];
        s.head = 0;
      }
      s.snapshot.apply(data);
      if (s.listeners.size === 0) return;
      const update: StreamUpdate = { channel, seq, frame };
      for (const listener of s.listeners) listener(update);
    },
    listen(channel, listener) {
      const s = stream(channel);
      s.listeners.add(listener);
      s.heardAt = Infinity;
      if (s.listeners.size === 1) tellInterest(channel, true);
      return () => {
        if (!s.listeners.delete(listener)) return;
        if (s.listeners.size > 0) return;
        s.heardAt = now();
        tellInterest(channel, false);
      };
    },
    prepare(channel) {
      const s = stream(channel);
      if (s.prepared !== null) return s.prepared;
      const seeder = options.seeder;
      s.prepared =
        seeder === undefined
          ? Promise.resolve()
          : seeder(channel).then((loaded: SnapshotSeed | null) => {
              if (loaded !== null && loaded.channel === channel) seedStream(loaded);
            });
      // NOTE: a failed load is retried by the next subscriber instead of failing forever.
      s.prepared.catch(() => void (s.prepared = null));
      return s.prepared;
    },
    position: (channel) => ({ epoch, seq: stream(channel).seq }),
    snapshot: (channel) => stream(channel).snapshot.value(),
    since(channel, from) {
      const s = streams.get(channel);
      if (s === undefined || from.epoch !== epoch || from.seq > s.seq) return null;
      const held = s.frames.length - s.head;
      const firstSeq = s.seq - held + 1;
      if (from.seq < firstSeq - 1) return null;
      const out: StreamUpdate[] = [];
      for (let seq = from.seq + 1; seq <= s.seq; seq++) {
        const frame = s.frames[s.head + (seq - firstSeq)];
        if (frame !== undefined) out.push({ channel, seq, frame });
      }
      return out;
    },
    forget<K extends ChannelKind>(channel: Channel<K>) {
      const s = streams.get(channel);
      if (s === undefined) return;
      s.snapshot = createSnapshotReducer(channel);
      s.prepared = null;
      s.frames = [];
      s.times = [];
      s.head = 0;
    },
    channelCount: () => streams.size,
    onInterest(listener) {
      interest.add(listener);
      return () => void interest.delete(listener);
    },
  };
}
