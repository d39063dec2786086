import { describe, expect, it } from 'vitest';
import { createInterestBatch } from './interest-batch';

describe('interest batch', () => {
  it('merges the changes of one tick into consecutive runs, sent in order on the next microtask', async () => {
    const sent: string[] = [];
    let open = true;
    const batch = createInterestBatch<'SUB' | 'UNSUB'>({
      canSend: () => open,
      send: (method, keys) => sent.push(`${method} ${keys.join(',')}`),
    });
    batch.add('SUB', ['a']);
    batch.add('SUB', ['b', 'c']);
    batch.add('UNSUB', ['a']);
    batch.add('SUB', []);
    batch.add('SUB', ['d']);
    expect(sent).toEqual([]);
    await Promise.resolve();
    expect(sent).toEqual(['SUB a,b,c', 'UNSUB a', 'SUB d']);
    batch.add('SUB', ['e']);
    batch.clear();
    open = false;
    batch.add('SUB', ['f']);
    await Promise.resolve();
    expect(sent).toHaveLength(3);
  });
});
