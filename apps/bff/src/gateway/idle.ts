/** What the idle check reads of a connection. */
export interface IdleCandidate {
  readonly channels: { readonly size: number };
  readonly closed: boolean;
}

/** Closes connections that hold no subscription for too long. */
export interface IdleReaper<C extends IdleCandidate> {
  /** Checks one connection at `now` (called from the gateway's tick). */
  check(c: C, now: number): void;
  forget(c: C): void;
}

/**
 * NOTE: a connection that subscribes to nothing costs a slot and a socket while giving its user
 * nothing: after `timeoutMs` without a subscription it is closed (0: never). The clock starts
 * at connect and again whenever its last subscription goes.
 */
export function createIdleReaper<C extends IdleCandidate>(timeoutMs: number, close: (c: C) => void): IdleReaper<C> {
  const idleSince = new Map<C, number>();
  return {
    check(c, now) {
      if (timeoutMs === 0 || c.closed) return;
      if (c.channels.size > 0) {
        idleSince.delete(c);
        return;
      }
      const since = idleSince.get(c);
      if (since === undefined) idleSince.set(c, now);
      else if (now - since >= timeoutMs) {
        idleSince.delete(c);
        close(c);
      }
    },
    forget: (c) => void idleSince.delete(c),
  };
}
