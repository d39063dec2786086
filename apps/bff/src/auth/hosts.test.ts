import { describe, expect, it } from 'vitest';
import { createHostPolicy, hostName } from './hosts';

describe('host policy', () => {
  it('reads the name of a Host header or an origin', () => {
    expect(hostName('App.Example:8080')).toBe('app.example');
    expect(hostName('[::1]:5173')).toBe('[::1]');
    expect(hostName('https://candles.example.com')).toBe('candles.example.com');
    expect(hostName('example.com.')).toBe('example.com');
  });

  it('by default allows localhost, IP literals and the public origins, never other names', () => {
    const allowed = createHostPolicy(['https://candles.example.com'], []);
    for (const host of [
      'localhost:8080',
      'app.localhost',
      '127.0.0.1:3000',
      '10.0.0.7',
      '[::1]:8080',
      '[2001:db8::1]',
      'candles.example.com',
      'CANDLES.example.com:443',
      undefined,
    ])
      expect(allowed(host), String(host)).toBe(true);
    for (const host of [
      'evil.example',
      'evil.example:8080',
      'candles.example.com.evil.example',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '[evil]',
    ])
      expect(allowed(host), host).toBe(false);
  });

  it('adds ALLOWED_HOSTS entries (a leading dot allows subdomains) and * disables the check', () => {
    const allowed = createHostPolicy([], ['gateway', '.corp.example']);
    expect(allowed('gateway:8080')).toBe(true);
    expect(allowed('corp.example')).toBe(true);
    expect(allowed('a.b.corp.example')).toBe(true);
    expect(allowed('gateway2')).toBe(false);
    expect(allowed('evilcorp.example')).toBe(false);
    expect(createHostPolicy([], ['*'])('anything.example')).toBe(true);
  });
});
