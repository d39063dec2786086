import { ConnectionStatus } from './connection-status';
import { LogoMark } from './icons';
import { LayoutSwitcher } from './layout-switcher';
import { SymbolSearch } from './symbol-search';
import { ThemeToggle } from './theme-toggle';

/** Top bar: logo, search, layout switcher, theme toggle, connection status. */
export function AppHeader() {
  return (
    <header className="app-header">
      <div className="brand">
        <LogoMark />
        <span className="brand-name">Candlewire</span>
      </div>
      <SymbolSearch />
      <div className="header-tools">
        <LayoutSwitcher />
        <ThemeToggle />
        <ConnectionStatus />
      </div>
    </header>
  );
}
