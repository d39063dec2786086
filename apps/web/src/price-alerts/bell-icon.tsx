/** Bell icon of price alerts (same style as components/icons.tsx). */
import type { SVGProps } from 'react';

/** Bell. */
export function BellIcon(p: SVGProps<SVGSVGElement>) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...p}
    >
      <path d="M4 11V7a4 4 0 0 1 8 0v4l1.2 1.5H2.8z" />
      <path d="M6.5 14h3" />
    </svg>
  );
}
