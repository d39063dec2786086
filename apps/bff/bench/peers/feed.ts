/**
 * The bench's feed for peer servers: the same simulated market as the BFF's (same seed, same
 * trades at the same times), each trade as the same `update` message the BFF sends on `trades:`.
 */
import { channel as channels, type Channel, type UpdateMessage } from '@candlewire/protocol';
import { createSimSource } from '../../src/sources/sim';

/** One trades update, as the BFF would send it. */
export interface PeerUpdate {
  channel: Channel<'trades'>;
  message: UpdateMessage<'trades'>;
}

/** Starts the feed; `onUpdate` gets every trade as an update of its `trades:` channel. */
export function startPeerFeed(onUpdate: (update: PeerUpdate) => void): void {
  const tradesPerSec = process.env['SIM_TRADES_PER_SEC'];
  const sim = createSimSource({
    seed: process.env['SIM_SEED'] ?? 'candlewire',
    sessions: 'always',
    emptyBuckets: 'flat',
    tickMs: Number(process.env['SIM_TICK_MS'] ?? 5),
    onTime: true,
    ...(tradesPerSec === undefined ? {} : { tradesPerSec: Number(tradesPerSec) }),
  });
  const seqs = new Map<Channel<'trades'>, number>();
  sim.start(
    {
      trades(batch) {
        for (const t of batch) {
          const channel = channels.trades(t.symbol);
          const seq = (seqs.get(channel) ?? 0) + 1;
          seqs.set(channel, seq);
          onUpdate({
            channel,
            message: { type: 'update', channel, seq, data: { id: t.id, price: t.price, size: t.size, side: t.side, time: t.time } },
          });
        }
      },
      watermark: () => undefined,
      quotes: () => undefined,
      candles: () => undefined,
      symbolState: () => undefined,
    },
    Date.now(),
  );
}

/** Lets the bench ask for a full GC before reading RSS (the peers run with --expose-gc). */
export function answerGcProbe(): void {
  process.on('SIGUSR2', () => (globalThis as { gc?: () => void }).gc?.());
}
