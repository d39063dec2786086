import { INSTRUMENTS } from '@candlewire/market';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config';
import { createFakeSource } from '../../../test/fakes/fake-source';
import { testConfig } from '../../../test/server';
import { createSourcesFromConfig } from './factory';
import { SOURCE_FACTORIES, type SourceFactory } from './registry';

const logger = pino({ level: 'silent' });
const market = (m: string) => INSTRUMENTS.filter((i) => i.market === m);
/** Fake venues in place of the real constructors: what matters here is which get built and how they are routed. */
const factories: Record<string, SourceFactory> = {
  sim: SOURCE_FACTORIES.sim ?? (() => ({ disabled: 'missing' })),
  binance: ({ extraInstruments }) =>
    createFakeSource({ id: 'binance', instruments: [...market('CRYPTO'), ...extraInstruments.filter((i) => i.market === 'CRYPTO')] }),
  yahoo: () => createFakeSource({ id: 'yahoo', instruments: [...market('US'), ...market('CN'), ...market('HK')] }),
  alpaca: () => ({ disabled: 'ALPACA_KEY_ID and ALPACA_SECRET_KEY are not set' }),
};
const build = (env: Record<string, string>) => createSourcesFromConfig(testConfig(env), { logger, factories });

describe('createSourcesFromConfig', () => {
  it('defaults to the simulation alone', () => {
    const router = build({});
    expect(router.sources().map((s) => s.id)).toEqual(['sim']);
    expect(router.instruments()).toHaveLength(INSTRUMENTS.length);
  });

  it('expands live to binance + yahoo with crypto on binance and stocks on yahoo', () => {
    const router = build({ SOURCE: 'live' });
    expect(router.sources().map((s) => s.id)).toEqual(['binance', 'yahoo']);
    expect(router.ownerOf('BTC-USDT')?.id).toBe('binance');
    expect(router.ownerOf('600000.SH')?.id).toBe('yahoo');
  });

  it('starts the sources routes name, symbol routes winning', () => {
    const router = build({ ROUTES: 'CRYPTO=binance, US=yahoo, AAPL=sim' });
    expect(router.sources().map((s) => s.id)).toEqual(['sim', 'binance', 'yahoo']);
    expect(router.ownerOf('ETH-USDT')?.id).toBe('binance');
    expect(router.ownerOf('MSFT')?.id).toBe('yahoo');
    expect(router.ownerOf('AAPL')?.id).toBe('sim');
    expect(router.ownerOf('0700.HK')?.id).toBe('sim');
  });

  it('fails at startup with the reason for a disabled or unknown source', () => {
    expect(() => build({ SOURCE: 'binance', ROUTES: 'US=alpaca,AAPL=alpaca' })).toThrow(
      new ConfigError('ROUTES US=alpaca,AAPL=alpaca: source alpaca is disabled: ALPACA_KEY_ID and ALPACA_SECRET_KEY are not set'),
    );
    expect(() => build({ SOURCE: 'alpaca' })).toThrow(/SOURCE=alpaca: source alpaca is disabled/);
    expect(() => build({ SOURCE: 'bloomberg' })).toThrow(/unknown source bloomberg .*available: sim, binance, yahoo, alpaca, live/);
  });

  it('adds EXTRA_INSTRUMENTS served by a source and refuses duplicates and orphans', () => {
    const pepe = { symbol: 'PEPE-USDT', name: 'Pepe', market: 'CRYPTO', currency: 'USDT', tickSize: 1e-8, lot: 1 };
    const router = build({ SOURCE: 'binance', EXTRA_INSTRUMENTS: JSON.stringify([pepe]) });
    expect(router.instruments().find((i) => i.symbol === 'PEPE-USDT')).toMatchObject({ ...pepe, timezone: 'UTC' });
    expect(() => build({ SOURCE: 'binance', EXTRA_INSTRUMENTS: JSON.stringify([{ ...pepe, symbol: 'BTC-USDT' }]) })).toThrow(
      /BTC-USDT is already an instrument/,
    );
    expect(() => build({ SOURCE: 'yahoo', EXTRA_INSTRUMENTS: JSON.stringify([pepe]) })).toThrow(
      /no running source \(yahoo\) serves PEPE-USDT \(CRYPTO\)/,
    );
  });

  it('builds the real venue constructors, none connecting before start, and refuses Alpaca without keys', () => {
    const live = createSourcesFromConfig(testConfig({ SOURCE: 'live' }), { logger });
    expect(live.sources().map((s) => s.id)).toEqual(['binance', 'yahoo']);
    expect(live.ownerOf('BTC-USDT')?.id).toBe('binance');
    expect(live.ownerOf('0700.HK')?.id).toBe('yahoo');
    expect(live.isOnDemand('AAPL')).toBe(true);
    live.stop();
    expect(() => createSourcesFromConfig(testConfig({ ROUTES: 'AAPL=alpaca' }), { logger })).toThrow(
      /^ROUTES AAPL=alpaca: alpaca disabled: .*ALPACA_KEY_ID/,
    );
  });

  it('rejects malformed ROUTES and EXTRA_INSTRUMENTS when the config is read', () => {
    expect(() => testConfig({ ROUTES: 'CRYPTO' })).toThrow(/"CRYPTO" is not KEY=source/);
    expect(() => testConfig({ ROUTES: 'crypto=binance' })).toThrow(/route key crypto must be a market/);
    expect(() => testConfig({ EXTRA_INSTRUMENTS: '[{"symbol":"X"' })).toThrow(/EXTRA_INSTRUMENTS/);
    expect(() =>
      testConfig({ EXTRA_INSTRUMENTS: '[{"symbol":"X","name":"x","market":"MARS","currency":"X","tickSize":1,"lot":1}]' }),
    ).toThrow(/market/);
  });
});
