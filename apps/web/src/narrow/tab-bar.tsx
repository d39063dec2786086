/** The narrow layout's tab bar (bottom): chart, watchlist, movers, alerts, time and sales. */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { TabIcon } from './tab-icons';
import { followSymbolPicks, NARROW_TABS, narrowTabStore, showTab, TAB_LABEL } from './tab-store';

/** Tabs as buttons (`data-testid="tab-<name>"`); hidden on wide screens by CSS. */
export function NarrowTabBar() {
  const tab = useStore(narrowTabStore, (s) => s.tab);
  useEffect(() => followSymbolPicks(), []);
  return (
    <nav className="narrow-tabs" aria-label="Panels">
      {NARROW_TABS.map((t) => (
        <button key={t} type="button" className="narrow-tab" data-testid={`tab-${t}`} aria-pressed={t === tab} onClick={() => showTab(t)}>
          <TabIcon tab={t} />
          {TAB_LABEL[t]}
        </button>
      ))}
    </nav>
  );
}
