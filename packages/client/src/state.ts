import type { ConnectionState, StateChange } from './types';

/** The connection state and its listeners: `set` is the one place state changes. */
export interface StateStore {
  get: () => ConnectionState;
  /** Replaces the state and emits `{newState, oldState}` to every listener. */
  set: (next: ConnectionState) => void;
  subscribe: (listener: (change: StateChange) => void) => () => void;
}

/** Creates the store, starting `offline` ('stopped'): nothing happens before `start()`. */
export function createStateStore(): StateStore {
  let state: ConnectionState = { status: 'offline', reason: 'stopped' };
  const listeners = new Set<(change: StateChange) => void>();
  return {
    get: () => state,
    set(next) {
      const old = state;
      state = next;
      for (const listener of [...listeners]) {
        try {
          listener({ newState: next, oldState: old });
        } catch (err) {
          console.error('candlewire: state listener threw', err);
        }
      }
    },
    subscribe(listener) {
      const wrapped = (change: StateChange): void => listener(change);
      listeners.add(wrapped);
      return () => void listeners.delete(wrapped);
    },
  };
}
