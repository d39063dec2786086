import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnectionCut, type CutConnection } from './connection-cut';

interface Conn extends CutConnection {
  started: boolean;
  stopped: boolean;
  ready: boolean;
  opened: number | null;
}

afterEach(() => vi.useRealTimers());

function setup() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
  const conns: Conn[] = [];
  const delivered: number[] = [];
  const cut = createConnectionCut<Conn, number>({
    open: () => {
      const conn: Conn = {
        seq: conns.length + 1,
        started: false,
        stopped: false,
        ready: false,
        opened: null,
        start: () => {
          conn.started = true;
          conn.opened = Date.now();
        },
        stop: () => void (conn.stopped = true),
        isReady: () => conn.ready && !conn.stopped,
        openedAt: () => conn.opened,
      };
      conns.push(conn);
      return conn;
    },
    cutAfterMs: 10_000,
    overlapMs: 500,
    now: () => Date.now(),
    deliver: (items) => delivered.push(...items),
  });
  const readyUp = (conn: Conn | undefined): boolean => {
    if (conn === undefined) throw new Error('no connection');
    conn.ready = true;
    return cut.ready(conn);
  };
  return { cut, conns, delivered, readyUp };
}

describe('connection cut', () => {
  it('opens a replacement when the active one is due, holds its data for the overlap, then switches', () => {
    const { cut, conns, delivered, readyUp } = setup();
    cut.start();
    expect(readyUp(conns[0])).toBe(true);
    vi.advanceTimersByTime(9_999);
    expect(conns).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const [first, second] = conns;
    if (first === undefined || second === undefined) throw new Error('no replacement');
    expect(second.started).toBe(true);
    expect(readyUp(second)).toBe(false);
    cut.data(first, 1);
    cut.data(second, 1);
    cut.data(second, 2);
    expect(delivered).toEqual([1]);
    vi.advanceTimersByTime(500);
    expect(first.stopped).toBe(true);
    expect(cut.active()).toBe(second);
    expect(delivered).toEqual([1, 1, 2]);
    cut.data(first, 9); // an old connection's late frame: dropped
    expect(delivered).toEqual([1, 1, 2]);
    vi.advanceTimersByTime(10_000);
    expect(conns).toHaveLength(3); // the replacement is itself replaced when due
    cut.stop();
    expect(conns.every((c) => c.stopped)).toBe(true);
  });

  it('says what a close meant: lost, taken over (before or after the replacement was ready), ignored', () => {
    const { cut, conns, readyUp } = setup();
    cut.start();
    readyUp(conns[0]);
    const [first] = conns;
    if (first === undefined) throw new Error('no connection');
    expect(cut.closed(first)).toBe('lost');
    cut.replace('serverShutdown');
    cut.replace('serverShutdown'); // one replacement at a time
    expect(conns).toHaveLength(2);
    const second = conns[1];
    if (second === undefined) throw new Error('no replacement');
    expect(cut.closed(second)).toBe('ignored');
    expect(cut.closed(first)).toBe('taken-over-unready');
    expect(cut.active()).toBe(second);
    cut.replace('planned');
    readyUp(conns[2]);
    expect(cut.closed(second)).toBe('taken-over');
    cut.stop();
  });
});
