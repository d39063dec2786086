import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS } from '../src/config';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('packaging', () => {
  it('the image runs the production command with the same Node flags as npm start, as a non-root user, with a health check', () => {
    const dockerfile = read('Dockerfile');
    const flags = JSON.parse(read('apps/bff/node-flags.json')) as string[];
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...flags, 'apps/bff/dist/main.js']);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/readyz/m);
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
  });

  it('compose runs Redis, two ingests and two gateways behind a balancer, with settings the BFF knows and its service names allowed as hosts', () => {
    const compose = read('compose.yaml');
    // BUILD_COMMIT is the image's build argument, not a setting.
    const settings = [...compose.matchAll(/^ {2,6}([A-Z][A-Z0-9_]*): /gm)].map((m) => m[1] ?? '').filter((k) => k !== 'BUILD_COMMIT');
    expect(settings.length).toBeGreaterThan(0);
    for (const key of settings) expect(Object.keys(CONFIG_FIELDS), key).toContain(key);
    expect(compose.match(/^ {6}ROLE: ingest$/gm)).toHaveLength(2);
    expect(compose.match(/^ {6}ROLE: gateway$/gm)).toHaveLength(2);
    expect(compose).toMatch(/^ {2}REDIS_URL: redis:\/\/redis:6379$/m);
    const bffServices = [...compose.matchAll(/^ {2}([a-z0-9-]+):\n {4}<<: \*candlewire$/gm)].map((m) => m[1] ?? '');
    expect(bffServices).toEqual(['ingest-1', 'ingest-2', 'gateway-1', 'gateway-2']);
    const allowed = /ALLOWED_HOSTS: \$\{ALLOWED_HOSTS:-([^}]*)\}/.exec(compose)?.[1]?.split(',') ?? [];
    expect(allowed).toEqual(expect.arrayContaining(bffServices));
    for (const name of bffServices) expect(compose).toMatch(new RegExp(`^ {6}NODE_ID: ${name}$`, 'm'));
    for (const gateway of ['gateway-1', 'gateway-2']) expect(compose).toContain(`- ${gateway}:8080`);
  });
});
