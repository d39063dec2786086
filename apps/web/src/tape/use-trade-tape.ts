/** The `trades:SYMBOL` channel as a tape, painted at most once per UI beat. */
import { channel, type Trade } from '@candlewire/protocol';
import { useEffect, useState } from 'react';
import { beat } from '../lib/beat';
import { useClient } from '../ws';
import { TradeTape, type TapeRow } from './trade-tape';

/** What the panel shows. */
export interface TapeState {
  rows: readonly TapeRow[];
  /** Why the channel was refused (unknown symbol…), or null. */
  error: string | null;
}

const EMPTY: TapeState = { rows: [], error: null };

/**
 * Follows `trades:SYMBOL` while mounted. NOTE: trades arrive in bursts (a busy crypto pair prints
 * hundreds a second); they are buffered and applied in one React update per beat, and the tape
 * keeps a bounded list, so the panel never competes with the charts for the main thread.
 */
export function useTradeTape(symbol: string): TapeState {
  const client = useClient();
  const [state, setState] = useState<TapeState>(EMPTY);
  useEffect(() => {
    const tape = new TradeTape();
    let pending: Trade[] = [];
    let reset = false;
    let step: number | null = null;
    setState(EMPTY);
    const flush = (): void => {
      step = null;
      if (reset) tape.clear();
      const changed = tape.push(pending) || reset;
      pending = [];
      reset = false;
      if (changed) setState({ rows: tape.list, error: null });
    };
    const schedule = (): void => {
      step ??= beat.next(flush);
    };
    const off = client.subscribe(channel.trades(symbol), (event) => {
      if (event.type === 'snapshot') {
        // NOTE: a reset snapshot (reconnect without recovery) replaces the tape; a late listener's merges by id.
        if (event.reset) {
          reset = true;
          pending = [];
        }
        pending.push(...event.snapshot);
        schedule();
      } else if (event.type === 'update') {
        pending.push(event.data);
        schedule();
      } else {
        setState({ rows: [], error: event.message });
      }
    });
    return () => {
      off();
      if (step !== null) beat.cancel(step);
    };
  }, [client, symbol]);
  return state;
}
