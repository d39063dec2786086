/** Icons of the narrow layout's tabs (stroke = currentColor, 18 px). */
import type { ReactNode } from 'react';
import type { NarrowTab } from './tab-store';
import { Svg } from '../components/icons';

const PATHS: Record<NarrowTab, ReactNode> = {
  chart: <path d="M4 3v12M4 6h-1.5v5H4M9 2v14M9 5H7.5v7H9M14 4v10M14 7h-1.5v4H14" />,
  watchlist: <path d="M3 4.5h12M3 9h12M3 13.5h12" />,
  movers: <path d="M5 14V4M2.5 6.5 5 4l2.5 2.5M13 4v10M10.5 11.5 13 14l2.5-2.5" />,
  alerts: (
    <>
      <path d="M4.5 12.5V8a4.5 4.5 0 0 1 9 0v4.5l1.3 1.5H3.2z" />
      <path d="M7.5 16h3" />
    </>
  ),
  tape: <path d="M3 4h7M3 7.5h9M3 11h6M3 14.5h10M13 4h2M14 11h1" />,
};

/** The icon of `tab`. */
export function TabIcon({ tab }: { tab: NarrowTab }) {
  return (
    <Svg width="18" height="18" viewBox="0 0 18 18">
      {PATHS[tab]}
    </Svg>
  );
}
