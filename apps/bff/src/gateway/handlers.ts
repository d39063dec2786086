import {
  ErrorCode,
  channelSymbol,
  parseChannel,
  type Channel,
  type ErrorMessage,
  type PingMessage,
  type SubscribeMessage,
  type SubscribedMessage,
  type UnsubscribeMessage,
} from '@candlewire/protocol';
import type { Broker } from '../broker/types';
import { isChannelAllowed } from './auth';
import type { Connection } from './connection';
import type { Fanout } from './fanout';

/** What the message handlers need from the gateway. */
export interface HandlerContext {
  broker: Broker;
  fanout: Fanout;
  maxSubscriptions: number;
  isKnownSymbol: (symbol: string) => boolean;
  sendError: (c: Connection, error: Omit<ErrorMessage, 'type'>) => void;
  onInternalError: (err: unknown, channel: string) => void;
  /** `c` joined `channel`'s fan-out (after its `subscribed`). */
  onJoined?: (c: Connection, channel: Channel) => void;
  now: () => number;
}

const withId = <T extends object>(id: number | undefined, body: T): T => (id === undefined ? body : { ...body, id });

/** Checks one channel of a subscribe; returns the error to send, or the channel. */
function refuse(
  ctx: HandlerContext,
  c: Connection,
  id: number | undefined,
  name: string,
): { error: Omit<ErrorMessage, 'type'> } | { channel: Channel } {
  const refused = (code: ErrorCode, message: string) => ({ error: withId(id, { code, message, channel: name }) });
  const parsed = parseChannel(name);
  if (!parsed.ok) return refused(ErrorCode.INVALID_CHANNEL, parsed.reason);
  const symbol = channelSymbol(parsed.channel);
  if (symbol !== undefined && !ctx.isKnownSymbol(symbol)) return refused(ErrorCode.UNKNOWN_SYMBOL, `No instrument ${symbol}`);
  const channel = parsed.channel.name;
  if (!isChannelAllowed(c.auth, channel)) return refused(ErrorCode.FORBIDDEN, 'token does not allow this channel');
  if (!c.channels.has(channel) && c.channels.size >= ctx.maxSubscriptions) {
    return refused(ErrorCode.SUBSCRIPTION_LIMIT, `at most ${ctx.maxSubscriptions} subscriptions per connection`);
  }
  return { channel };
}

/**
 * Answers `subscribed` (resumed with the missed updates, or with a snapshot) and adds the
 * connection to the channel's fan-out. NOTE: nothing here yields: position, snapshot and
 * membership are one step.
 */
function join(ctx: HandlerContext, c: Connection, msg: SubscribeMessage, channel: Channel, had: boolean): void {
  const { broker, fanout } = ctx;
  fanout.flush(c);
  const resume = had ? undefined : msg.resume?.[channel];
  const missed = resume === undefined ? null : broker.since(channel, resume);
  let reply: SubscribedMessage;
  try {
    if (resume !== undefined && missed !== null) {
      reply = withId(msg.id, { type: 'subscribed', channel, epoch: resume.epoch, seq: resume.seq, recovered: true });
    } else {
      const { epoch, seq } = broker.position(channel);
      reply = withId(msg.id, { type: 'subscribed', channel, epoch, seq, recovered: false, snapshot: broker.snapshot(channel) });
    }
    fanout.enqueue(c, JSON.stringify(reply));
  } catch (err) {
    if (!had) c.channels.delete(channel);
    ctx.onInternalError(err, channel);
    ctx.sendError(c, withId(msg.id, { code: ErrorCode.INTERNAL, message: 'internal error', channel }));
    return;
  }
  if (reply.recovered && missed !== null) for (const update of missed) fanout.enqueue(c, update.frame);
  fanout.add(c, channel);
  ctx.onJoined?.(c, channel);
  fanout.flush(c);
}

/**
 * Handles `subscribe`: one `subscribed` or one `error` per channel. NOTE: every channel is checked
 * (name, symbol, token, limit) before any is loaded, and refusals are answered at once: a request
 * over the limit is told so before the first snapshot is built. The accepted channels load
 * together and are answered in request order.
 */
export async function handleSubscribe(ctx: HandlerContext, c: Connection, msg: SubscribeMessage): Promise<void> {
  const { broker } = ctx;
  const accepted: { channel: Channel; had: boolean; loaded: Promise<unknown> }[] = [];
  for (const name of new Set(msg.channels)) {
    const checked = refuse(ctx, c, msg.id, name);
    if ('error' in checked) {
      ctx.sendError(c, checked.error);
      continue;
    }
    const { channel } = checked;
    const had = c.channels.has(channel);
    c.channels.add(channel); // NOTE: reserve the slot before awaiting so a burst cannot pass the limit.
    // NOTE: settle to the error, if any: each channel's failure is answered in its turn below.
    accepted.push({
      channel,
      had,
      loaded: broker.prepare(channel).then(
        () => null,
        (err: unknown) => err ?? new Error('failed'),
      ),
    });
  }
  for (const { channel, had, loaded } of accepted) {
    const err = await loaded;
    if (err !== null) {
      if (!had) c.channels.delete(channel);
      ctx.onInternalError(err, channel);
      // NOTE: usually the source's history is unreachable (a venue down): say what failed.
      const reason = err instanceof Error ? `: ${err.message}` : '';
      ctx.sendError(c, withId(msg.id, { code: ErrorCode.INTERNAL, message: `could not load ${channel}${reason}`, channel }));
      continue;
    }
    if (c.closed) return;
    if (!c.channels.has(channel)) continue; // unsubscribed while loading
    join(ctx, c, msg, channel, had);
  }
}

/** Handles `unsubscribe`: idempotent, one `unsubscribed` per valid channel name. */
export function handleUnsubscribe(ctx: HandlerContext, c: Connection, msg: UnsubscribeMessage): void {
  for (const name of new Set(msg.channels)) {
    const parsed = parseChannel(name);
    if (!parsed.ok) {
      ctx.sendError(c, withId(msg.id, { code: ErrorCode.INVALID_CHANNEL, message: parsed.reason, channel: name }));
      continue;
    }
    const channel = parsed.channel.name;
    c.channels.delete(channel);
    ctx.fanout.remove(c, channel);
    ctx.fanout.enqueue(c, JSON.stringify(withId(msg.id, { type: 'unsubscribed', channel })));
  }
  ctx.fanout.flush(c);
}

/** Handles `ping`. */
export function handlePing(ctx: HandlerContext, c: Connection, msg: PingMessage): void {
  ctx.fanout.enqueue(c, JSON.stringify(withId(msg.id, { type: 'pong', serverTime: ctx.now() })));
  ctx.fanout.flush(c);
}
