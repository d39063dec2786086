/** Default BFF WebSocket URL of the CLI. */
export const DEFAULT_URL = 'ws://127.0.0.1:8080/ws';

/** Parsed command line of the CLI. */
export interface CliArgs {
  command: 'watch' | 'interactive' | 'help';
  channels: string[];
  url: string;
  json: boolean;
}

/** Usage text. */
export const USAGE = `Usage: candlewire [options] [watch CHANNEL... | interactive]

  watch CHANNEL...   print every update of the channels (quote:AAPL trades:AAPL candles:AAPL:1m markets alerts)
  interactive        (default) read commands from stdin: subscribe CH..., unsubscribe CH..., status, quit

Options:
  --url URL          BFF WebSocket URL (default: $CANDLEWIRE_URL or ${DEFAULT_URL})
  --json             print raw JSON lines instead of readable ones
  -h, --help         this help`;

/** Parses `argv` (without node and script); throws an Error with a message on bad input. */
export function parseArgs(argv: string[], env: Record<string, string | undefined>): CliArgs {
  const rest: string[] = [];
  let url = env['CANDLEWIRE_URL'] ?? DEFAULT_URL;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '-h' || arg === '--help') return { command: 'help', channels: [], url, json };
    else if (arg === '--url') {
      const value = argv[++i];
      if (value === undefined) throw new Error('--url needs a value');
      url = value;
    } else if (arg.startsWith('--url=')) url = arg.slice('--url='.length);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else rest.push(arg);
  }
  const [command, ...channels] = rest;
  if (command === undefined || command === 'interactive') return { command: 'interactive', channels, url, json };
  if (command === 'watch') {
    if (channels.length === 0) throw new Error('watch needs at least one channel');
    return { command: 'watch', channels, url, json };
  }
  if (command === 'help') return { command: 'help', channels: [], url, json };
  throw new Error(`unknown command ${command}`);
}
