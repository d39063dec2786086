/** React binding of a chart layer: one instance per chart controller, attached while mounted. */
import { useEffect, useState } from 'react';
import type { ChartController } from './chart-controller';
import type { ChartLayer } from './chart-layers';

/** A layer made by `create` and attached to `controller` (null until the chart exists). */
export function useLayer<L extends ChartLayer>(controller: ChartController | null, create: () => L): L | null {
  const [layer, setLayer] = useState<L | null>(null);
  // NOTE: `create` is read once per controller: a new factory identity does not recreate the layer.
  const [factory] = useState(() => create);
  useEffect(() => {
    if (controller === null) return undefined;
    const created = factory();
    const remove = controller.addLayer(created);
    setLayer(created);
    return () => {
      remove();
      setLayer(null);
    };
  }, [controller, factory]);
  return layer;
}
