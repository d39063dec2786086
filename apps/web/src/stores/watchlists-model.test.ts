import { describe, expect, it } from 'vitest';
import {
  activeList,
  addSymbol,
  createList,
  defaultWatchlists,
  deleteList,
  moveSymbol,
  removeSymbol,
  renameList,
  sanitizeWatchlists,
} from './watchlists-model';

describe('watchlists model', () => {
  it('starts with Main across markets', () => {
    const data = defaultWatchlists();
    expect(activeList(data)?.name).toBe('Main');
    expect(activeList(data)?.symbols).toEqual(expect.arrayContaining(['AAPL', '0700.HK', '600519.SH', 'BTC-USDT']));
  });

  it('creates, renames and deletes lists, keeping one', () => {
    let data = createList(defaultWatchlists(), '  Tech  ', 'tech');
    expect(data.activeId).toBe('tech');
    expect(activeList(data)?.name).toBe('Tech');
    data = renameList(data, 'tech', 'Semis');
    data = renameList(data, 'tech', '   ');
    expect(activeList(data)?.name).toBe('Semis');
    data = deleteList(data, 'tech');
    expect(data.activeId).toBe('main');
    expect(deleteList(data, 'main')).toBe(data);
  });

  it('adds without duplicates, removes and reorders', () => {
    let data = { lists: [{ id: 'a', name: 'A', symbols: ['X', 'Y', 'Z'] }], activeId: 'a' };
    expect(addSymbol(data, 'a', 'Y')).toBe(data);
    data = addSymbol(data, 'a', 'W');
    data = moveSymbol(data, 'a', 3, 0);
    expect(activeList(data)?.symbols).toEqual(['W', 'X', 'Y', 'Z']);
    data = moveSymbol(data, 'a', 0, 99);
    expect(activeList(data)?.symbols).toEqual(['X', 'Y', 'Z', 'W']);
    data = removeSymbol(data, 'a', 'Y');
    expect(activeList(data)?.symbols).toEqual(['X', 'Z', 'W']);
  });

  it('repairs corrupt persisted data', () => {
    expect(sanitizeWatchlists(null)).toEqual(defaultWatchlists());
    expect(sanitizeWatchlists({ lists: [{ id: 'b', name: 'B', symbols: ['A', 'A', 3] }], activeId: 'nope' })).toEqual({
      lists: [{ id: 'b', name: 'B', symbols: ['A'] }],
      activeId: 'b',
    });
  });
});
