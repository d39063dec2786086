import { describe, expect, it } from 'vitest';
import { quoteErrorBadge, serverOutageText } from './human-text';

describe('human text', () => {
  it('says the server is unreachable instead of the browser error', () => {
    expect(serverOutageText(new TypeError('Failed to fetch'))).toBe('Server unreachable · retrying every 10 s');
    expect(serverOutageText(new TypeError('NetworkError when attempting to fetch resource.'))).toBe(
      'Server unreachable · retrying every 10 s',
    );
    expect(serverOutageText(new Error('HTTP 503 Service Unavailable'))).toBe('Server error (HTTP 503) · retrying every 10 s');
    expect(serverOutageText(new Error('boom'))).toBe('Server status unknown: boom · retrying every 10 s');
  });

  it('explains a symbol the data source lacks, without a red UNKNOWN', () => {
    const badge = quoteErrorBadge('ZZZZ', 'UNKNOWN_SYMBOL', 'No instrument ZZZZ');
    expect(badge.text).toBe('NO DATA');
    expect(badge.title).toMatch(/ZZZZ is not available from this server's data source/);
    expect(quoteErrorBadge('AAPL', 'FORBIDDEN', 'x').text).toBe('NO ACCESS');
    expect(quoteErrorBadge('AAPL', 'INTERNAL', 'source down')).toEqual({ text: 'ERROR', title: 'source down' });
  });
});
