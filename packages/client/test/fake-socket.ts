import type { ServerMessage, WelcomeMessage } from '@candlewire/protocol';
import { createClient } from '../src/client';
import type { CandlewireClient, ChannelEvent, ClientOptions, StateChange, WebSocketLike } from '../src/types';

/** A client frame as the fake server saw it. */
export type SentFrame = { op: string; id: number; channels?: string[]; resume?: Record<string, { epoch: string; seq: number }> };

/** In-memory socket: records what the client sends; the test plays the server. */
export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: SentFrame[] = [];
  closedWith: { code: number | undefined; reason: string | undefined } | null = null;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as SentFrame);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
  /** Plays server messages as one frame (an array frame when several). */
  receive(...messages: ServerMessage[]): void {
    this.readyState = 1;
    this.onmessage?.({ data: JSON.stringify(messages.length === 1 ? messages[0] : messages) });
  }
  /** Opens the socket and says welcome. */
  welcome(overrides: Partial<WelcomeMessage> = {}): void {
    this.onopen?.({});
    this.receive({
      type: 'welcome',
      protocol: 1,
      sessionId: 'session-1',
      serverTime: 0,
      heartbeatMs: 1000,
      limits: { maxSubscriptions: 200, maxMessageBytes: 65_536, maxMessagesPerSecond: 50 },
      ...overrides,
    });
  }
  /** The server (or the network) closes the socket. */
  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  /** Frames with `op`. */
  ops(op: string): SentFrame[] {
    return this.sent.filter((f) => f.op === op);
  }
}

/** A fake browser `window`: an EventTarget with `navigator.onLine`. */
export function fakeNetwork(): EventTarget & { navigator: { onLine: boolean }; go(online: boolean): void } {
  const target = new EventTarget();
  const navigator = { onLine: true };
  return Object.assign(target, {
    navigator,
    go(online: boolean) {
      navigator.onLine = online;
      target.dispatchEvent(new Event(online ? 'online' : 'offline'));
    },
  });
}

/** A client over fake sockets, recording state changes. */
export interface Harness {
  client: CandlewireClient;
  sockets: FakeSocket[];
  /** The newest socket. */
  socket(): FakeSocket;
  changes: StateChange[];
}

/** Creates a client over fake sockets (random fixed at 0.5 unless given). */
export function harness(options: Partial<ClientOptions> = {}): Harness {
  const sockets: FakeSocket[] = [];
  const changes: StateChange[] = [];
  const client = createClient({
    url: 'ws://test/ws',
    random: () => 0.5,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    ...options,
  });
  client.onStateChange((c) => changes.push(c));
  return {
    client,
    sockets,
    changes,
    socket() {
      const s = sockets.at(-1);
      if (s === undefined) throw new Error('no socket yet');
      return s;
    },
  };
}

/** Records the events of a listener. */
export function recorder(): { events: ChannelEvent[]; listener: (e: ChannelEvent) => void } {
  const events: ChannelEvent[] = [];
  return { events, listener: (e) => void events.push(e) };
}
