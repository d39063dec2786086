import { describe, expect, it } from 'vitest';
import { helpText, loadConfig } from '../../config';
import { binanceOptionsFromConfig } from './index';

describe('binance config keys', () => {
  it('defaults to the public Binance hosts and documents every key', () => {
    const options = binanceOptionsFromConfig(loadConfig([], {}));
    expect(options).toMatchObject({
      wsUrl: 'wss://stream.binance.com:9443',
      restUrl: 'https://api.binance.com',
      latenessMs: 1500,
      staleMs: 30_000,
      plannedCutMs: 84_600_000,
      messagesPerSec: 4,
      maxStreamsPerConnection: 1024,
    });
    expect(options.instruments?.map((i) => i.symbol)).toContain('BTC-USDT');
    for (const key of ['BINANCE_WS_URL', 'BINANCE_REST_URL', 'BINANCE_SYMBOLS', 'BINANCE_STALE_MS', 'BINANCE_PLANNED_CUT_MS'])
      expect(helpText()).toContain(key);
  });

  it('reads endpoints and symbols from the environment and rejects limits Binance does not allow', () => {
    const config = loadConfig([], {
      BINANCE_WS_URL: 'ws://127.0.0.1:9999',
      BINANCE_REST_URL: 'http://127.0.0.1:9998',
      BINANCE_SYMBOLS: 'pepe-usdt, BTC-USDT',
      BINANCE_SYMBOLS_ONLY: 'true',
    });
    const options = binanceOptionsFromConfig(config);
    expect(options.wsUrl).toBe('ws://127.0.0.1:9999');
    expect(options.instruments?.map((i) => i.symbol)).toEqual(['PEPE-USDT', 'BTC-USDT']);
    expect(options.instruments?.[1]).toMatchObject({ lot: 0.00001, tickSize: 0.01 });
    expect(() => loadConfig([], { BINANCE_MESSAGES_PER_SEC: '6' })).toThrow(/BINANCE_MESSAGES_PER_SEC/);
    expect(() => loadConfig([], { BINANCE_MAX_STREAMS: '2000' })).toThrow(/BINANCE_MAX_STREAMS/);
  });
});
