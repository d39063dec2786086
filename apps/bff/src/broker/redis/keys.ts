import { kindOf, parseChannel, SNAPSHOT_LIMITS, type Channel } from '@candlewire/protocol';

/** How a channel's snapshot is kept in Redis. */
export type SnapshotKind = 'latest' | 'recent' | 'candles';

/** The Redis keys of one channel; the hash tag keeps them in one Redis Cluster slot. */
export interface ChannelKeys {
  meta: string;
  history: string;
  snapshot: string;
  /** The pub/sub channel gateways subscribe to. */
  pubsub: string;
}

/** Prefix of every key the broker writes. */
export const KEY_PREFIX = 'cw';

/** Keys of `channel`. */
export function channelKeys(channel: Channel, prefix = KEY_PREFIX): ChannelKeys {
  const tag = `${prefix}:{${channel}}`;
  return { meta: `${tag}:meta`, history: `${tag}:hist`, snapshot: `${tag}:snap`, pubsub: `${tag}:pub` };
}

/** The channel a pub/sub channel name belongs to, or null. */
export function channelOfPubsub(name: string, prefix = KEY_PREFIX): Channel | null {
  const head = `${prefix}:{`;
  if (!name.startsWith(head) || !name.endsWith('}:pub')) return null;
  const parsed = parseChannel(name.slice(head.length, -'}:pub'.length));
  return parsed.ok ? parsed.channel.name : null;
}

/** Snapshot kind and size of `channel`, as `createSnapshotReducer` keeps it. */
export function snapshotShape(channel: Channel): { kind: SnapshotKind; limit: number } {
  const kind = kindOf(channel);
  if (kind === 'trades') return { kind: 'recent', limit: SNAPSHOT_LIMITS.trades };
  if (kind === 'alerts') return { kind: 'recent', limit: SNAPSHOT_LIMITS.alerts };
  if (kind === 'candles') return { kind: 'candles', limit: SNAPSHOT_LIMITS.candles };
  return { kind: 'latest', limit: 1 };
}
