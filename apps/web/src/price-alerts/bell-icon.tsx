/** Bell icon of price alerts (in the frame of components/icons.tsx). */
import type { SVGProps } from 'react';
import { Svg } from '../components/icons';

/** Bell. */
export function BellIcon(p: SVGProps<SVGSVGElement>) {
  return (
    <Svg {...p}>
      <path d="M4 11V7a4 4 0 0 1 8 0v4l1.2 1.5H2.8z" />
      <path d="M6.5 14h3" />
    </Svg>
  );
}
