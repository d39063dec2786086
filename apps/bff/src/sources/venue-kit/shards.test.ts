import { describe, expect, it } from 'vitest';
import { createShards } from './shards';

describe('shards', () => {
  it('fills the first shard with room, opens more when full and closes emptied ones', () => {
    const events: string[] = [];
    let next = 0;
    const shards = createShards<string>({
      capacity: 2,
      create: () => `s${next++}`,
      start: (s) => events.push(`start ${s}`),
      add: (s, keys) => events.push(`add ${s} ${keys.join(',')}`),
      remove: (s, keys) => events.push(`remove ${s} ${keys.join(',')}`),
      close: (s) => events.push(`close ${s}`),
    });
    shards.place(['a', 'b', 'c']);
    expect(events).toEqual(['start s0', 'start s1']);
    expect([...shards.keysOf('s0')]).toEqual(['a', 'b']);
    shards.place(['c', 'd', 'e']);
    expect(events.slice(2)).toEqual(['add s1 d', 'start s2']);
    shards.drop(['a', 'c', 'd', 'zz']);
    expect(events.slice(4)).toEqual(['remove s0 a', 'close s1']);
    expect(shards.all()).toEqual(['s0', 's2']);
    shards.place(['f']);
    expect(events.at(-1)).toBe('add s0 f');
    shards.closeAll();
    expect(events.slice(-2)).toEqual(['close s0', 'close s2']);
    expect(shards.all()).toEqual([]);
  });
});
