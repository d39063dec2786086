/** Small inline SVG icons (stroke = currentColor, 16 px by default). */
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement>;

/** The frame every icon shares: a 16 px stroke-only SVG hidden from assistive tech (props override). */
export function Svg({ children, ...props }: IconProps) {
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
      {...props}
    >
      {children}
    </svg>
  );
}

/** Plus. */
export const PlusIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 3v10M3 8h10" />
  </Svg>
);
/** Pencil. */
export const PencilIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M10.5 2.5l3 3L6 13H3v-3z" />
  </Svg>
);
/** Trash can. */
export const TrashIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5" />
  </Svg>
);
/** Cross. */
export const CloseIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Svg>
);
/** Chevron up. */
export const UpIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 10l4-4 4 4" />
  </Svg>
);
/** Chevron down. */
export const DownIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 6l4 4 4-4" />
  </Svg>
);
/** Magnifier. */
export const SearchIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="7" cy="7" r="4.5" />
    <path d="M10.5 10.5L14 14" />
  </Svg>
);
/** Sun (light theme). */
export const SunIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="3" />
    <path d="M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1" />
  </Svg>
);
/** Moon (dark theme). */
export const MoonIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M13.5 9.5A6 6 0 0 1 6.5 2.5a6 6 0 1 0 7 7z" />
  </Svg>
);
/** Drag handle. */
export const GripIcon = (p: IconProps) => (
  <Svg {...p} strokeWidth="2.2">
    <path d="M6 4h.01M10 4h.01M6 8h.01M10 8h.01M6 12h.01M10 12h.01" />
  </Svg>
);

/** Layout glyph: 1, 2 or 4 panes. */
export function LayoutIcon({ count, ...p }: IconProps & { count: 1 | 2 | 4 }) {
  return (
    <Svg {...p}>
      <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
      {count >= 2 && <path d="M8 2.5v11" />}
      {count === 4 && <path d="M2 8h12" />}
    </Svg>
  );
}

/** The Candlewire mark: two candles. */
export function LogoMark(p: IconProps) {
  return (
    <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false" {...p}>
      <path d="M7 2v18" stroke="var(--down)" strokeWidth="1.5" />
      <rect x="4.5" y="6" width="5" height="9" rx="1" fill="var(--down)" />
      <path d="M15 1v17" stroke="var(--up)" strokeWidth="1.5" />
      <rect x="12.5" y="4" width="5" height="10" rx="1" fill="var(--up)" />
    </svg>
  );
}
