import { describe, expect, it } from 'vitest';
import { LayerSet, type ChartLayer, type LayerContext } from './chart-layers';

describe('LayerSet', () => {
  it('attaches, calls layers in order, and detaches each once', () => {
    const calls: string[] = [];
    const ctx = {} as LayerContext; // NOTE: the layers below never read the context.
    const layer = (name: string): ChartLayer => ({
      attach: () => calls.push(`${name}:attach`),
      detach: () => calls.push(`${name}:detach`),
    });
    const set = new LayerSet(ctx);
    const removeA = set.add(layer('a'));
    set.add(layer('b'));
    set.each((l) => l.paintAll?.([], []));
    removeA();
    removeA();
    set.clear();
    expect(calls).toEqual(['a:attach', 'b:attach', 'a:detach', 'b:detach']);
  });
});
