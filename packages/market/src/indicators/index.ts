/** Technical indicators, incremental: SMA, EMA, Wilder, Bollinger, RSI, MACD, session VWAP. */
export * from './types';
export * from './moving-averages';
export * from './oscillators';
export * from './bands';
export * from './vwap';
