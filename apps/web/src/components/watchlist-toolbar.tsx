import { useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { MAX_NAME_LENGTH } from '../stores/watchlists-model';
import { watchlistsStore } from '../stores/watchlists-store';
import { PencilIcon, PlusIcon, TrashIcon } from './icons';

type Mode = 'idle' | 'create' | 'rename' | 'delete';

/** List picker plus create / rename / delete, edited inline (no browser prompts). */
export function WatchlistToolbar() {
  const lists = useStore(watchlistsStore, (s) => s.lists);
  const activeId = useStore(watchlistsStore, (s) => s.activeId);
  const [mode, setMode] = useState<Mode>('idle');
  const active = lists.find((l) => l.id === activeId) ?? lists[0];
  const store = watchlistsStore.getState();

  if (mode === 'create' || mode === 'rename') {
    const submit = (e: FormEvent<HTMLFormElement>): void => {
      e.preventDefault();
      const value = new FormData(e.currentTarget).get('name');
      const name = typeof value === 'string' ? value : '';
      if (mode === 'create') store.createList(name);
      else if (active) store.renameList(active.id, name);
      setMode('idle');
    };
    return (
      <form className="wl-toolbar" onSubmit={submit}>
        <input
          name="name"
          className="wl-name-input"
          aria-label={mode === 'create' ? 'New list name' : 'List name'}
          placeholder="List name"
          maxLength={MAX_NAME_LENGTH}
          defaultValue={mode === 'rename' ? active?.name : ''}
          autoFocus
          onKeyDown={(e) => e.key === 'Escape' && setMode('idle')}
        />
        <button type="submit" className="text-btn primary">
          {mode === 'create' ? 'Create' : 'Save'}
        </button>
        <button type="button" className="text-btn" onClick={() => setMode('idle')}>
          Cancel
        </button>
      </form>
    );
  }

  if (mode === 'delete' && active) {
    return (
      <div className="wl-toolbar confirm" role="alertdialog" aria-label="Delete list">
        <span className="confirm-text">
          Delete “{active.name}”{active.symbols.length > 0 ? ` (${active.symbols.length})` : ''}?
        </span>
        <button
          type="button"
          className="text-btn danger"
          autoFocus
          onClick={() => {
            store.deleteList(active.id);
            setMode('idle');
          }}
        >
          Delete
        </button>
        <button type="button" className="text-btn" onClick={() => setMode('idle')}>
          Cancel
        </button>
      </div>
    );
  }

  return (
    <div className="wl-toolbar">
      <select
        className="wl-select"
        aria-label="Watchlist"
        data-testid="watchlist-select"
        value={active?.id}
        onChange={(e) => store.setActive(e.target.value)}
      >
        {lists.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name} ({l.symbols.length})
          </option>
        ))}
      </select>
      <button type="button" className="icon-btn" aria-label="New watchlist" title="New watchlist" onClick={() => setMode('create')}>
        <PlusIcon />
      </button>
      <button type="button" className="icon-btn" aria-label="Rename watchlist" title="Rename watchlist" onClick={() => setMode('rename')}>
        <PencilIcon />
      </button>
      <button
        type="button"
        className="icon-btn"
        aria-label="Delete watchlist"
        title={lists.length > 1 ? 'Delete watchlist' : 'The last list cannot be deleted'}
        disabled={lists.length <= 1}
        onClick={() => setMode('delete')}
      >
        <TrashIcon />
      </button>
    </div>
  );
}
