/** Wires one chart controller to REST history (react-query) and the live `candles:SYM:INT` channel. */
import type { CandlewireClient, ChannelEvent } from '@candlewire/client';
import { channel as channels, type Interval } from '@candlewire/protocol';
import { useEffect, useState } from 'react';
import type { ChartController } from './chart-controller';
import type { ViewFormat } from './chart-view';
import { PAGE_SIZE, UnknownSymbolError, useLatestCandles } from './history';
import { registerChart } from './test-hooks';

/** What the panel shows around the candles. */
export interface LiveCandlesState {
  /** A message for the error panel (unknown symbol, refused channel, failed history). */
  error: string | null;
  /** True when the error is transient (the server could not load the channel) and the SDK retries. */
  retrying: boolean;
  /** True until the first history page or snapshot arrived. */
  loading: boolean;
}

/** Options of `useLiveCandles`. */
export interface LiveCandlesOptions {
  controller: ChartController | null;
  client: CandlewireClient | null;
  symbol: string;
  interval: Interval;
  /** Null until the instrument (tick size, zone) is known: nothing is painted before. */
  format: ViewFormat | null;
}

/** Loads history, follows the live channel, and registers the `__candlewire` test hook. */
export function useLiveCandles({ controller, client, symbol, interval, format }: LiveCandlesOptions): LiveCandlesState {
  const latest = useLatestCandles(symbol, interval);
  const [channelError, setChannelError] = useState<{ message: string; retrying: boolean } | null>(null);
  const [snapshotSeen, setSnapshotSeen] = useState(false);
  const ready = format !== null;

  useEffect(() => {
    if (controller !== null && format !== null) controller.setFormat(format);
  }, [controller, format]);

  // NOTE: one effect resets and subscribes, in that order: the SDK may hand a late listener its
  // snapshot synchronously inside subscribe(), and that snapshot must land in the fresh store.
  useEffect(() => {
    if (controller === null || !ready) return undefined;
    controller.reset(symbol, interval);
    setChannelError(null);
    setSnapshotSeen(false);
    if (client === null) return undefined;
    const channel = channels.candles(symbol, interval);
    return client.subscribe(channel, (event: ChannelEvent<'candles'>) => {
      if (event.channel !== channel) return;
      if (event.type === 'snapshot') {
        controller.applySnapshot(event.snapshot, event.reset);
        setSnapshotSeen(true);
        setChannelError(null);
      } else if (event.type === 'update') {
        controller.applyUpdate(event.data);
      } else {
        setChannelError({ message: event.message, retrying: event.code === 'INTERNAL' });
      }
    });
  }, [controller, client, symbol, interval, ready]);

  // NOTE: declared after the reset effect, so on a key change the reset runs first.
  const page = latest.data;
  useEffect(() => {
    if (controller !== null && ready && page !== undefined) controller.applyHistory(page, PAGE_SIZE);
  }, [controller, page, ready]);

  useEffect(() => {
    if (controller === null) return undefined;
    return registerChart(symbol, interval, () => controller.store.snapshot());
  }, [controller, symbol, interval]);

  const restError =
    latest.error instanceof UnknownSymbolError
      ? latest.error.message
      : latest.error !== null && !snapshotSeen
        ? 'Could not load history'
        : null;
  return {
    error: channelError?.message ?? restError,
    retrying: channelError?.retrying ?? false,
    loading: page === undefined && !snapshotSeen && latest.error === null,
  };
}
