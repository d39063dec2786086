import { useStore } from 'zustand';
import { themeStore } from '../stores/theme-store';
import { MoonIcon, SunIcon } from './icons';

/** Dark/light switch. */
export function ThemeToggle() {
  const theme = useStore(themeStore, (s) => s.theme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="icon-btn"
      data-testid="theme-toggle"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => themeStore.getState().toggle()}
    >
      {theme === 'dark' ? <MoonIcon /> : <SunIcon />}
    </button>
  );
}
