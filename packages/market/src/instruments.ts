import type { Instrument, MarketId } from './types';

/** Market identifiers, in display order. */
export const MARKET_IDS = ['US', 'CN', 'HK', 'CRYPTO'] as const satisfies readonly MarketId[];

/** Exchange time zone of each market. */
export const MARKET_TIMEZONES = {
  US: 'America/New_York',
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  CRYPTO: 'UTC',
} as const satisfies Record<MarketId, string>;

/** True when `value` is one of the market identifiers. */
export function isMarketId(value: string): value is MarketId {
  return (MARKET_IDS as readonly string[]).includes(value);
}

type Row = readonly [symbol: string, name: string, tickSize: number, lot: number];

function createRows(market: MarketId, currency: string, rows: readonly Row[]): Instrument[] {
  return rows.map(([symbol, name, tickSize, lot]) => ({
    symbol,
    name,
    market,
    currency,
    tickSize,
    lot,
    timezone: MARKET_TIMEZONES[market],
  }));
}

const US_ROWS: readonly Row[] = [
  ['AAPL', 'Apple Inc.', 0.01, 1],
  ['MSFT', 'Microsoft Corporation', 0.01, 1],
  ['NVDA', 'NVIDIA Corporation', 0.01, 1],
  ['TSLA', 'Tesla, Inc.', 0.01, 1],
  ['AMZN', 'Amazon.com, Inc.', 0.01, 1],
  ['GOOGL', 'Alphabet Inc. Class A', 0.01, 1],
  ['META', 'Meta Platforms, Inc.', 0.01, 1],
  ['BRK.B', 'Berkshire Hathaway Inc. Class B', 0.01, 1],
  ['JPM', 'JPMorgan Chase & Co.', 0.01, 1],
  ['V', 'Visa Inc.', 0.01, 1],
  ['AMD', 'Advanced Micro Devices, Inc.', 0.01, 1],
  ['NFLX', 'Netflix, Inc.', 0.01, 1],
  ['AVGO', 'Broadcom Inc.', 0.01, 1],
  ['COST', 'Costco Wholesale Corporation', 0.01, 1],
  ['SPY', 'SPDR S&P 500 ETF Trust', 0.01, 1],
  ['QQQ', 'Invesco QQQ Trust', 0.01, 1],
];

// NOTE: main-board A-shares only (board lot 100); STAR-market 688xxx lots differ.
const CN_ROWS: readonly Row[] = [
  ['600000.SH', 'Shanghai Pudong Development Bank', 0.01, 100],
  ['600519.SH', 'Kweichow Moutai', 0.01, 100],
  ['601318.SH', 'Ping An Insurance', 0.01, 100],
  ['600036.SH', 'China Merchants Bank', 0.01, 100],
  ['601398.SH', 'Industrial and Commercial Bank of China', 0.01, 100],
  ['600900.SH', 'China Yangtze Power', 0.01, 100],
  ['000001.SZ', 'Ping An Bank', 0.01, 100],
  ['000858.SZ', 'Wuliangye Yibin', 0.01, 100],
  ['300750.SZ', 'Contemporary Amperex Technology (CATL)', 0.01, 100],
  ['002594.SZ', 'BYD Company', 0.01, 100],
];

// NOTE: HKEX ticks depend on price (spread table, see hkTickForPrice). Each instrument
// keeps one fixed tick: the spread-table tick at its usual price level (Tencent ~HK$500
// → 0.5, HKEX ~HK$300 → 0.2, Alibaba/Meituan ~HK$100–200 → 0.1, the rest HK$20–100 → 0.05).
const HK_ROWS: readonly Row[] = [
  ['0700.HK', 'Tencent Holdings', 0.5, 100],
  ['9988.HK', 'Alibaba Group', 0.1, 100],
  ['0005.HK', 'HSBC Holdings', 0.05, 400],
  ['1299.HK', 'AIA Group', 0.05, 200],
  ['3690.HK', 'Meituan', 0.1, 100],
  ['0941.HK', 'China Mobile', 0.05, 500],
  ['1810.HK', 'Xiaomi Corporation', 0.05, 200],
  ['0388.HK', 'Hong Kong Exchanges and Clearing', 0.2, 100],
];

const CRYPTO_ROWS: readonly Row[] = [
  ['BTC-USDT', 'Bitcoin', 0.01, 0.00001],
  ['ETH-USDT', 'Ethereum', 0.01, 0.0001],
  ['SOL-USDT', 'Solana', 0.01, 0.001],
  ['BNB-USDT', 'BNB', 0.01, 0.001],
  ['XRP-USDT', 'XRP', 0.0001, 0.1],
  ['DOGE-USDT', 'Dogecoin', 0.00001, 1],
  ['ADA-USDT', 'Cardano', 0.0001, 0.1],
  ['AVAX-USDT', 'Avalanche', 0.01, 0.01],
  ['LINK-USDT', 'Chainlink', 0.01, 0.01],
  ['LTC-USDT', 'Litecoin', 0.01, 0.001],
];

/** Every instrument Candlewire knows, grouped by market. */
export const INSTRUMENTS: readonly Instrument[] = Object.freeze([
  ...createRows('US', 'USD', US_ROWS),
  ...createRows('CN', 'CNY', CN_ROWS),
  ...createRows('HK', 'HKD', HK_ROWS),
  ...createRows('CRYPTO', 'USDT', CRYPTO_ROWS),
]);

const BY_SYMBOL = new Map(INSTRUMENTS.map((instrument) => [instrument.symbol, instrument]));

/** The instrument with exactly this symbol (symbols are upper case), or undefined. */
export function findInstrument(symbol: string): Instrument | undefined {
  return BY_SYMBOL.get(symbol);
}

/**
 * Instruments matching `query` case-insensitively, optionally in one market: exact symbol
 * first, then symbol prefixes, then name substrings, each group in list order. An empty
 * query lists every instrument (of the market). `from` is the list searched (default INSTRUMENTS).
 */
export function searchInstruments(query: string, market?: MarketId, from: readonly Instrument[] = INSTRUMENTS): Instrument[] {
  const q = query.trim().toLowerCase();
  const pool = market === undefined ? from : from.filter((i) => i.market === market);
  if (q === '') return [...pool];
  const exact: Instrument[] = [];
  const prefix: Instrument[] = [];
  const byName: Instrument[] = [];
  for (const instrument of pool) {
    const symbol = instrument.symbol.toLowerCase();
    if (symbol === q) exact.push(instrument);
    else if (symbol.startsWith(q)) prefix.push(instrument);
    else if (instrument.name.toLowerCase().includes(q)) byName.push(instrument);
  }
  return [...exact, ...prefix, ...byName];
}

const decimalsCache = new Map<number, number>();

/** Number of decimals needed to write `step` exactly (0.0001 → 4, 0.05 → 2, 100 → 0). */
export function decimalsOf(step: number): number {
  let decimals = decimalsCache.get(step);
  if (decimals === undefined) {
    decimals = 0;
    // NOTE: toFixed parses back exactly once enough digits are kept; 15 is float's limit.
    while (decimals < 15 && Number(step.toFixed(decimals)) !== step) decimals += 1;
    if (decimalsCache.size >= 1024) decimalsCache.clear(); // NOTE: keeps the memo bounded.
    decimalsCache.set(step, decimals);
  }
  return decimals;
}

/** Decimals of a tick size (0.01 → 2, 0.00001 → 5). */
export function tickDecimals(tickSize: number): number {
  return decimalsOf(tickSize);
}

/** Decimals of an instrument's volume, i.e. of its lot (0.0001 → 4, 100 → 0). */
export function volumeDecimals(instrument: Pick<Instrument, 'lot'>): number {
  return decimalsOf(instrument.lot);
}

/** `price` rounded to the nearest multiple of `tickSize`, as a clean float (234.56, not 234.56000000000003). */
export function roundToTick(price: number, tickSize: number): number {
  const rounded = Number((Math.round(price / tickSize) * tickSize).toFixed(tickDecimals(tickSize)));
  return rounded === 0 ? 0 : rounded; // NOTE: normalizes -0.
}

/** HKEX spread table: upper price bound (inclusive) → tick. */
export const HK_SPREAD_TABLE = [
  [0.25, 0.001],
  [0.5, 0.005],
  [10, 0.01],
  [20, 0.02],
  [100, 0.05],
  [200, 0.1],
  [500, 0.2],
  [1000, 0.5],
  [2000, 1],
  [5000, 2],
  [9995, 5],
] as const;

/** The HKEX spread-table tick for a price (for simulators that want the full table). */
export function hkTickForPrice(price: number): number {
  for (const [upTo, tick] of HK_SPREAD_TABLE) if (price <= upTo) return tick;
  return 5;
}
