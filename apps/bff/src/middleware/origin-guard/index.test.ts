import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createOriginPolicy } from '../../auth';
import { originGuard } from '.';

function app() {
  const a = new Hono();
  a.use('*', originGuard(createOriginPolicy(['https://candles.example.com'], [])));
  a.get('/api/replay', (c) => c.json({ ok: true }));
  a.post('/api/replay/seek', (c) => c.json({ ok: true }));
  return a;
}

describe('originGuard', () => {
  it('refuses a state-changing request from a foreign Origin, allows the public origin, localhost and non-browsers', async () => {
    const a = app();
    const post = (headers: Record<string, string>) => a.request('/api/replay/seek', { method: 'POST', headers });
    const foreign = await post({ Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await post({ Origin: 'null' })).status).toBe(403);
    expect((await post({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await post({ Origin: 'https://candles.example.com' })).status).toBe(200);
    expect((await post({ Origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await post({})).status).toBe(200);
  });

  it('leaves reads alone', async () => {
    expect((await app().request('/api/replay', { headers: { Origin: 'https://evil.example' } })).status).toBe(200);
  });
});
