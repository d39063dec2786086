import { describe, expect, it } from 'vitest';
import { gatewayUrls } from './gateway-urls';

describe('gatewayUrls', () => {
  it('takes the configured gateways, else the page origin', () => {
    expect(gatewayUrls({ wsUrls: ['wss://a.example/ws', 'wss://b.example/ws'] }, 'ws://here/ws')).toEqual([
      'wss://a.example/ws',
      'wss://b.example/ws',
    ]);
    expect(gatewayUrls(undefined, 'ws://here/ws')).toEqual(['ws://here/ws']);
    expect(gatewayUrls({ wsUrls: [] }, 'ws://here/ws')).toEqual(['ws://here/ws']);
  });

  it('ignores what is not a ws(s) URL', () => {
    expect(gatewayUrls({ wsUrls: ['http://a/ws', 42, 'wss://ok/ws', 'javascript:alert(1)'] }, 'ws://here/ws')).toEqual(['wss://ok/ws']);
    expect(gatewayUrls({ wsUrls: 'wss://x/ws' }, 'ws://here/ws')).toEqual(['ws://here/ws']);
  });
});
