import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS } from '.';

describe('.env.example', () => {
  it('lists every setting once, and nothing else', () => {
    const text = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');
    const keys = [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect([...keys].sort()).toEqual(Object.keys(CONFIG_FIELDS).sort());
  });
});
