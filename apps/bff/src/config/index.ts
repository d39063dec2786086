import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { alertThresholdsSchema } from './alerts';
import { OPERATIONS_FIELDS } from './operations';
import { extraInstrumentsSchema, routesSchema } from './sources';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));

/** Every setting, its type, default and meaning: the one source for `--help`, env vars and config files. */
export const CONFIG_FIELDS = {
  PORT: [int(0, 65_535).default(8080), 'HTTP and WebSocket port'],
  HOST: [z.string().default('127.0.0.1'), 'interface to listen on (0.0.0.0 for all)'],
  SOURCE: [
    list
      .pipe(
        z
          .array(z.string().regex(/^[a-z][a-z0-9-]*(:.+)?$/, "expected a source name (sim, binance, yahoo, alpaca, live) or 'replay:FILE'"))
          .min(1),
      )
      .default(['sim']),
    'market-data sources, comma-separated: sim, binance, yahoo, alpaca, replay:FILE, or live (= binance,yahoo with CRYPTO=binance and US/CN/HK=yahoo)',
  ],
  ROUTES: [
    routesSchema.default({}),
    'which source serves what: MARKET=source or SYMBOL=source, comma-separated (e.g. CRYPTO=binance,CN=yahoo,AAPL=alpaca); symbol routes win over market routes; sources named here are enabled too',
  ],
  EXTRA_INSTRUMENTS: [
    extraInstrumentsSchema.default([]),
    'instruments beyond the built-in list (config file: JSON array of {symbol,name,market,currency,tickSize,lot}); served by the sources that support them',
  ],
  INTEREST_GRACE_MS: [int(0, 3_600_000).default(30_000), 'an upstream symbol nobody watches any more is unsubscribed after this many ms'],
  RECORD_FILE: [z.string().min(1).optional(), 'record every event the source delivers to this NDJSON file (flag: --record FILE)'],
  REPLAY_SPEED: [
    z.union([z.literal('max'), z.coerce.number().positive().max(10_000)]).default(1),
    "replay speed (flag: --speed N): 1 = real time, 10 = ten times faster, 'max' = as fast as clients drain",
  ],
  REPLAY_PAUSED: [
    z
      .union([z.boolean(), z.enum(['true', 'false'])])
      .default(false)
      .transform((v) => v === true || v === 'true'),
    'start a replay paused (POST /api/replay/resume plays it)',
  ],
  SIM_SEED: [z.string().default('candlewire'), 'seed of the simulated market: same seed, same trades'],
  SIM_TRADES_PER_SEC: [
    z.coerce.number().positive().max(1000).optional(),
    'flat average trades per second per symbol, at every hour (load tests); default: per instrument, busier near the open and close',
  ],
  SIM_SESSIONS: [z.enum(['always', 'real']).default('always'), 'always: every market trades at all hours; real: follow the calendars'],
  SIM_PRECOMPUTE: [
    z
      .union([z.boolean(), z.enum(['true', 'false'])])
      .default(true)
      .transform((v) => v === true || v === 'true'),
    "compute simulated candle history in a worker thread and precompute every symbol's 1h and 1d snapshot range at start",
  ],
  SIM_HISTORY_CACHE: [
    z
      .string()
      .default(join(tmpdir(), 'candlewire'))
      .transform((v) => (v === 'off' || v === '' ? null : v)),
    "directory where the precomputed history is kept between starts (a restart serves cold 1d snapshots at once); 'off': none",
  ],
  SIM_TICK_MS: [
    int(1, 1000).default(5),
    'the longest gap between two deliveries of the simulation (trades are delivered at their own time; this advances the watermark)',
  ],
  EMPTY_BUCKETS: [z.enum(['flat', 'skip']).default('flat'), 'candle for a bucket with no trade: flat (volume 0) or none'],
  THROTTLE_MS: [int(0, 10_000).default(100), 'minimum time between two updates of a quote or candle channel'],
  FLUSH_MS: [int(0, 1000).default(20), 'a connection gets at most one frame per this many ms (batching window)'],
  HEARTBEAT_MS: [int(100, 300_000).default(15_000), 'heartbeat interval; peers missing two pings are dropped'],
  MAX_CONNECTIONS: [int(1, 1_000_000).default(10_000), 'connections beyond this get HTTP 503'],
  MAX_SUBSCRIPTIONS: [int(1, 100_000).default(200), 'subscriptions per connection'],
  MAX_MESSAGES_PER_SECOND: [int(1, 100_000).default(50), 'inbound messages per second per connection'],
  MAX_MESSAGE_BYTES: [int(128, 16 * 1024 * 1024).default(65_536), 'largest inbound frame (larger: close 1009)'],
  MAX_BUFFERED_BYTES: [int(1024, 1024 ** 3).default(4 * 1024 * 1024), 'unsent bytes before a slow client is closed with 1013'],
  MAX_TOTAL_BUFFERED_BYTES: [
    int(1024, 2 ** 40).default(256 * 1024 * 1024),
    'unsent bytes of all clients together before the ones owing most are closed with 1013',
  ],
  HISTORY_MIN_UPDATES: [int(1, 10_000_000).default(1000), 'updates kept per channel for resume…'],
  HISTORY_MIN_MS: [int(0, 86_400_000).default(120_000), '…and at least this much time of them'],
  ROLE: [
    z.enum(['all', 'ingest', 'gateway']).default('all'),
    'all: one process does everything; ingest: sources, aggregation, pulse (publishes to Redis; one leads, others stand by); gateway: /ws, REST and the web app (reads Redis). ingest and gateway need REDIS_URL',
  ],
  REDIS_URL: [
    z
      .string()
      .regex(/^rediss?:\/\//, 'expected redis://host:port[/db]')
      .optional(),
    'Redis for scale-out (redis://host:port/db): selects the Redis broker; unset: the in-memory broker of one process',
  ],
  REDIS_PREFIX: [
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/)
      .default('cw'),
    'prefix of every Redis key (several deployments on one Redis)',
  ],
  REDIS_HISTORY_MAX: [int(100, 10_000_000).default(4000), 'updates kept per channel in Redis for resume (stream MAXLEN ~)'],
  NODE_ID: [
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .optional(),
    'name of this process in the ingest lease and the gateway registry (default host:pid)',
  ],
  LEASE_TTL_MS: [int(300, 60_000).default(3000), 'ingest leader lease: a standby takes over within about this long after the leader dies'],
  INTEREST_TTL_MS: [int(1000, 600_000).default(10_000), "a gateway's channel announcements expire this long after its last heartbeat"],
  SEED_TIMEOUT_MS: [
    int(100, 600_000).default(15_000),
    'a gateway waits this long for the ingest to load a channel before answering INTERNAL',
  ],
  REDIS_STALE_AFTER_MS: [
    int(100, 60_000).default(1000),
    'a connection to Redis lost for longer than this makes the process stale: clients are told (stale), /readyz answers 503',
  ],
  ALLOWED_ORIGINS: [
    list.default([]),
    "comma-separated Origins allowed on /ws and state-changing REST besides PUBLIC_ORIGIN ('*' for any); default: localhost, 127.0.0.1, [::1] on any port",
  ],
  ALLOWED_HOSTS: [
    list.default([]),
    "comma-separated Host names answered besides PUBLIC_ORIGIN's, localhost and IP literals ('.example.com' adds subdomains, '*' disables the check); others get 403 (DNS rebinding)",
  ],
  AUTH_SECRET: [
    z.string().min(32, 'an HS256 secret needs at least 32 characters').optional(),
    'HS256 secret: when set (or AUTH_JWKS_URL), /ws and /api/* need a token (JWT)',
  ],
  ALERT_THRESHOLDS: [
    alertThresholdsSchema.optional(),
    'alert detectors per market, JSON {"*"|US|CN|HK|CRYPTO: {movePct, moveWindowSec, volumeFactor, volumeWindowSec, volumeAvgWindows, cooldownSec}} ("*" = every market, then its own entry); default: surge/plunge at 1 % in 60 s (CRYPTO 1.5 %), volume spike at 5× the average of the last 20 windows of 60 s, cooldown 300 s per symbol and kind',
  ],
  WEB_DIST: [z.string().optional(), 'folder of the built web app to serve (default apps/web/dist)'],
  YAHOO_WS_URL: [
    z.string().url().default('wss://streamer.finance.yahoo.com/?version=2'),
    'Yahoo Finance streamer WebSocket (keyless; US, CN, HK)',
  ],
  YAHOO_REST_URL: [z.string().url().default('https://query1.finance.yahoo.com'), 'Yahoo Finance chart API base (history, gap repair)'],
  YAHOO_STALE_MS: [int(1000, 3_600_000).default(60_000), 'a Yahoo symbol in session without a tick for this long is stale'],
  YAHOO_RESUBSCRIBE_MS: [int(1000, 600_000).default(15_000), 're-send the Yahoo subscription this often (as Yahoo clients do)'],
  YAHOO_RECONNECT_MAX_MS: [int(100, 600_000).default(30_000), 'cap of the Yahoo reconnect backoff (full jitter)'],
  YAHOO_REST_CONCURRENCY: [int(1, 64).default(4), 'Yahoo chart API requests in flight at most'],
  ALPACA_KEY_ID: [z.string().min(1).optional(), 'Alpaca API key id (Alpaca is disabled without it and ALPACA_SECRET_KEY)'],
  ALPACA_SECRET_KEY: [z.string().min(1).optional(), 'Alpaca API secret key'],
  ALPACA_FEED: [
    z
      .string()
      .regex(/^[a-z_]+$/)
      .default('iex'),
    'Alpaca stock feed: iex (free), sip, delayed_sip, test…',
  ],
  ALPACA_WS_URL: [
    z.string().default('wss://stream.data.alpaca.markets/v2/{feed}'),
    'Alpaca market data stream; {feed} is replaced by ALPACA_FEED',
  ],
  ALPACA_REST_URL: [z.string().url().default('https://data.alpaca.markets'), 'Alpaca market data REST base (bars history)'],
  ALPACA_STALE_MS: [int(1000, 3_600_000).default(60_000), 'an Alpaca symbol in session without a message for this long is stale'],
  ALPACA_AUTH_TIMEOUT_MS: [
    int(100, 60_000).default(10_000),
    'Alpaca closes unauthenticated connections after 10 s: give up waiting for auth after this',
  ],
  ALPACA_RECONNECT_MAX_MS: [int(100, 600_000).default(30_000), 'cap of the Alpaca reconnect backoff (full jitter)'],
  BINANCE_WS_URL: [
    z.string().url().default('wss://stream.binance.com:9443'),
    'Binance spot stream host (combined streams at /stream); e.g. wss://data-stream.binance.vision',
  ],
  BINANCE_REST_URL: [
    z.string().url().default('https://api.binance.com'),
    'Binance spot REST host (klines for history and gap repair); e.g. https://data-api.binance.vision',
  ],
  BINANCE_SYMBOLS: [list.default([]), 'extra Binance symbols as BASE-QUOTE (e.g. PEPE-USDT), added to the CRYPTO instruments'],
  BINANCE_SYMBOLS_ONLY: [
    z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    'true: serve only BINANCE_SYMBOLS, not the built-in CRYPTO instruments',
  ],
  BINANCE_LATENESS_MS: [int(0, 60_000).default(1500), 'Binance watermark lag: candles close this long after their end'],
  BINANCE_STALE_MS: [int(1000, 3_600_000).default(30_000), 'a Binance symbol with no frame for this long is marked stale'],
  BINANCE_PLANNED_CUT_MS: [
    int(60_000, 86_000_000).default(84_600_000),
    'replace a Binance connection at this age (before its 24 h cut), overlapping old and new',
  ],
  BINANCE_MESSAGES_PER_SEC: [int(2, 5).default(4), 'frames sent per second per Binance connection, pongs included (Binance allows 5)'],
  BINANCE_MAX_STREAMS: [int(2, 1024).default(1024), 'streams per Binance connection (Binance allows 1024)'],
  LOG_LEVEL: [z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), 'pino log level'],
  ...OPERATIONS_FIELDS,
} as const;

/** Command-line flags that set one setting each (flags win over env vars and the config file). */
const FLAGS: Readonly<Record<string, keyof typeof CONFIG_FIELDS>> = {
  '--port': 'PORT',
  '--record': 'RECORD_FILE',
  '--speed': 'REPLAY_SPEED',
};

type Fields = typeof CONFIG_FIELDS;
const schema = z.object(
  Object.fromEntries(Object.entries(CONFIG_FIELDS).map(([k, [s]]) => [k, s])) as { [K in keyof Fields]: Fields[K][0] },
);

/** The BFF's resolved configuration. */
export type Config = z.output<typeof schema>;

/** Configuration could not be read or is invalid. */
export class ConfigError extends Error {}

/** A default value as `--help` shows it: lists comma-separated, empty ones as `none`. */
function showDefault(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(showDefault).join(',');
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}=${showDefault(v)}`).join(',');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Help text for `--help`. */
export function helpText(): string {
  const rows = Object.entries(CONFIG_FIELDS).map(([key, [s, doc]]) => {
    const def = s.safeParse(undefined);
    const shown = def.success && def.data !== undefined ? ` (default: ${showDefault(def.data)})` : '';
    return `  ${key.padEnd(24)} ${doc}${shown}`;
  });
  return [
    'candlewire BFF: real-time market data over WebSocket',
    '',
    'usage: npm start -- [--config FILE] [--port N] [--record FILE] [--speed N|max] [--help]',
    '',
    'Settings come from defaults, then the JSON config file (same keys), then environment variables, then flags.',
    'Record and replay: --record FILE writes every source event; SOURCE=replay:FILE --speed N replays one.',
    '',
    ...rows,
  ].join('\n');
}

/** Resolves the config from argv, environment and the optional `--config` JSON file. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const raw: Record<string, unknown> = {};
  let file: string | undefined;
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[i + 1];
    const flag = FLAGS[name];
    if (name === '--config' || flag !== undefined) {
      if (value === undefined) throw new ConfigError(`${name} needs a value`);
      if (inline === undefined) i++;
      if (flag === undefined) file = value;
      else flags[flag] = value;
    } else if (arg !== '') throw new ConfigError(`unknown argument ${arg} (see --help)`);
  }
  if (file !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`${file}: expected a JSON object`);
    for (const [k, v] of Object.entries(parsed)) {
      if (!(k in CONFIG_FIELDS)) throw new ConfigError(`${file}: unknown setting ${k}`);
      raw[k] = v;
    }
  }
  for (const key of Object.keys(CONFIG_FIELDS)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  Object.assign(raw, flags);
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  checkRole(result.data);
  return result.data;
}

/** Roles other than `all` run on Redis; a replay rewinds its streams, which only one process can. */
function checkRole(config: Config): void {
  if (config.ROLE !== 'all' && config.REDIS_URL === undefined)
    throw new ConfigError(`ROLE=${config.ROLE} needs REDIS_URL (the processes meet in Redis)`);
  if (config.REDIS_URL !== undefined && config.SOURCE.some((s) => s.startsWith('replay:')))
    throw new ConfigError('a replay runs in one process with the in-memory broker: unset REDIS_URL');
}
