import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

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
});
