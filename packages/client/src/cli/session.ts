import { parseChannel } from '@candlewire/protocol';
import type { CandlewireClient, ChannelEvent } from '../types';
import { formatEvent, formatState } from './format';

/** Where the CLI writes: data lines to `out`, diagnostics to `err`. */
export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The CLI's channel set on top of one client. */
export interface Session {
  subscribe(channels: string[]): void;
  unsubscribe(channels: string[]): void;
  status(): string[];
  /** Runs one interactive command line; returns false on `quit`. */
  command(line: string): boolean;
}

/** Creates a session printing events readable or as JSON lines. */
export function createSession(client: CandlewireClient, output: Output, json: boolean): Session {
  const subscriptions = new Map<string, () => void>();
  const print = (event: ChannelEvent): void => {
    if (json) output.out(JSON.stringify(event));
    else if (event.type === 'error') formatEvent(event).forEach(output.err);
    else formatEvent(event).forEach(output.out);
  };
  client.onStateChange(({ newState, oldState }) => {
    if (json) output.err(JSON.stringify({ type: 'state', state: newState }));
    else if (newState.status !== oldState.status) output.err(formatState(newState));
  });
  // NOTE: a gateway that lost its data store says so (docs/protocol-notes.md); the socket stays up.
  client.onStaleChange((stale) => {
    if (json) output.err(JSON.stringify({ type: 'stale', channels: [...stale] }));
    else output.err(stale.size === 0 ? 'data live again' : `data delayed (the server lost its data store): ${[...stale].join(' ')}`);
  });

  const session: Session = {
    subscribe(channels) {
      for (const channel of channels) {
        const parsed = parseChannel(channel);
        if (!parsed.ok) output.err(`${channel}: ${parsed.reason}`);
        else if (!subscriptions.has(channel)) subscriptions.set(channel, client.subscribe(parsed.channel.name, print));
      }
    },
    unsubscribe(channels) {
      for (const channel of channels) {
        subscriptions.get(channel)?.();
        if (!subscriptions.delete(channel)) output.err(`${channel}: not subscribed`);
      }
    },
    status() {
      const last = client.lastMessageAt();
      return [
        formatState(client.state),
        ...(client.staleChannels().size === 0 ? [] : [`delayed: ${[...client.staleChannels()].join(' ')}`]),
        `channels: ${subscriptions.size === 0 ? '(none)' : [...subscriptions.keys()].join(' ')}`,
        `last message: ${last === null ? 'never' : `${Date.now() - last} ms ago`}`,
      ];
    },
    command(line) {
      const [verb, ...args] = line
        .trim()
        .split(/\s+/)
        .filter((w) => w !== '');
      switch (verb) {
        case undefined:
          return true;
        case 'subscribe':
        case 'sub':
          session.subscribe(args);
          return true;
        case 'unsubscribe':
        case 'unsub':
          session.unsubscribe(args);
          return true;
        case 'status':
          session.status().forEach(output.err);
          return true;
        case 'quit':
        case 'exit':
          return false;
        case 'help':
          output.err('commands: subscribe CH..., unsubscribe CH..., status, quit');
          return true;
        default:
          output.err(`unknown command "${verb}" (subscribe CH..., unsubscribe CH..., status, quit)`);
          return true;
      }
    },
  };
  return session;
}
