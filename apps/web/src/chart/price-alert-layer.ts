/**
 * Price alert lines on one chart (a ChartLayer): one dashed line per armed alert of the symbol,
 * dragged with the pointer to move the level, double-clicked to edit; and a "place" mode where
 * the next click on the price pane sets a new level. Framework-free.
 */
import { LineStyle, type IPriceLine, type MouseEventParams } from 'lightweight-charts';
import type { ChartLayer, LayerContext } from './chart-layers';

/** What the layer draws per alert. */
export interface AlertLine {
  id: string;
  price: number;
  condition: 'above' | 'below' | 'crossing';
}

/** What the layer reports. */
export interface AlertLineEvents {
  /** A line was dragged to `price` (snapped to the tick) and released. */
  move(id: string, price: number): void;
  /** In place mode, the price pane was clicked at `price`. */
  place(price: number): void;
  /** A line was double-clicked. */
  edit(id: string): void;
}

/** Amber: reads on both palettes and is neither up nor down. */
export const ALERT_LINE_COLOR = '#f0a30a';
/** How close (px) the pointer must be to a line to grab it. */
const GRAB_PX = 6;
const TITLE = { above: 'alert ≥', below: 'alert ≤', crossing: 'alert ⇅' } as const;

/** Snaps `price` to `tick` without float dust. */
function snap(price: number, tick: number): number {
  if (!(tick > 0)) return price;
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(tick)) + 1));
  return Number((Math.round(price / tick) * tick).toFixed(decimals));
}

/** The alert lines of one chart. */
export class PriceAlertLayer implements ChartLayer {
  private ctx: LayerContext | null = null;
  private readonly lines = new Map<string, { line: IPriceLine; alert: AlertLine }>();
  private dragging: { id: string; pointerId: number } | null = null;
  private placing = false;
  private readonly off: (() => void)[] = [];

  constructor(private readonly events: AlertLineEvents) {}

  attach(ctx: LayerContext): void {
    this.ctx = ctx;
    const el = ctx.container;
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void): void => {
      // NOTE: capture phase, so a grab is seen (and the chart's own pan stopped) before lightweight-charts handles it.
      el.addEventListener(type, fn, { capture: true });
      this.off.push(() => el.removeEventListener(type, fn, { capture: true }));
    };
    on('pointerdown', (e) => this.onDown(e));
    on('pointermove', (e) => this.onMove(e));
    on('pointerup', (e) => this.onUp(e));
    on('pointercancel', (e) => this.onUp(e));
    const dbl = (param: MouseEventParams): void => {
      const y = param.point?.y;
      const hit = y === undefined ? null : this.hit(y);
      if (hit !== null) this.events.edit(hit);
    };
    ctx.chart.subscribeDblClick(dbl);
    this.off.push(() => ctx.chart.unsubscribeDblClick(dbl));
  }

  /** Shows exactly `alerts` (the armed alerts of this chart's symbol). */
  setAlerts(alerts: readonly AlertLine[]): void {
    const ctx = this.ctx;
    if (ctx === null) return;
    const keep = new Set(alerts.map((a) => a.id));
    for (const [id, entry] of this.lines) {
      if (keep.has(id)) continue;
      ctx.price.removePriceLine(entry.line);
      this.lines.delete(id);
    }
    for (const alert of alerts) {
      const entry = this.lines.get(alert.id);
      // NOTE: a line being dragged keeps the pointer's level until it is released.
      if (entry !== undefined && this.dragging?.id === alert.id) continue;
      const options = { price: alert.price, title: TITLE[alert.condition] };
      if (entry === undefined) {
        const line = ctx.price.createPriceLine({
          ...options,
          color: ALERT_LINE_COLOR,
          lineWidth: 1,
          lineStyle: LineStyle.Dashed,
          axisLabelVisible: true,
        });
        this.lines.set(alert.id, { line, alert });
      } else {
        entry.line.applyOptions(options);
        entry.alert = alert;
      }
    }
  }

  /** Place mode: the next click on the price pane reports a level. */
  setPlacing(on: boolean): void {
    this.placing = on;
    if (this.ctx !== null) this.ctx.container.style.cursor = on ? 'crosshair' : '';
  }

  /** Ids of the lines drawn, and their levels (for tests and the DOM hook). */
  levels(): { id: string; price: number }[] {
    return [...this.lines.values()].map((e) => ({ id: e.alert.id, price: e.line.options().price }));
  }

  /** The y coordinate of a line, or null off screen (tests drag it there). */
  coordinateOf(id: string): number | null {
    const entry = this.lines.get(id);
    return entry === undefined || this.ctx === null ? null : this.ctx.price.priceToCoordinate(entry.line.options().price);
  }

  detach(): void {
    for (const fn of this.off.splice(0)) fn();
    const ctx = this.ctx;
    if (ctx !== null) for (const { line } of this.lines.values()) ctx.price.removePriceLine(line);
    this.lines.clear();
    this.ctx = null;
  }

  /** Where the price pane is, in container pixels (not the price axis, not the volume pane). */
  private inPricePane(x: number, y: number): boolean {
    const ctx = this.ctx;
    if (ctx === null) return false;
    const width = ctx.container.clientWidth - ctx.chart.priceScale('right').width();
    const height = ctx.chart.panes()[0]?.getHeight() ?? 0;
    return x >= 0 && x < width && y >= 0 && y < height;
  }

  private local(e: PointerEvent): { x: number; y: number } {
    const rect = (this.ctx?.container ?? document.body).getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  private hit(y: number): string | null {
    let best: { id: string; d: number } | null = null;
    for (const [id, { line }] of this.lines) {
      const at = this.ctx?.price.priceToCoordinate(line.options().price) ?? null;
      if (at === null) continue;
      const d = Math.abs(at - y);
      if (d <= GRAB_PX && (best === null || d < best.d)) best = { id, d };
    }
    return best?.id ?? null;
  }

  private priceAt(y: number): number | null {
    const ctx = this.ctx;
    const raw = ctx?.price.coordinateToPrice(y) ?? null;
    return ctx === null || raw === null || !Number.isFinite(raw) || raw <= 0 ? null : snap(raw, ctx.format().tickSize);
  }

  private onDown(e: PointerEvent): void {
    const ctx = this.ctx;
    if (ctx === null || e.button !== 0) return;
    const { x, y } = this.local(e);
    if (!this.inPricePane(x, y)) return;
    if (this.placing) {
      const price = this.priceAt(y);
      e.preventDefault();
      e.stopPropagation();
      this.setPlacing(false);
      if (price !== null) this.events.place(price);
      return;
    }
    const id = this.hit(y);
    if (id === null) return;
    e.preventDefault();
    e.stopPropagation();
    this.dragging = { id, pointerId: e.pointerId };
    ctx.container.setPointerCapture?.(e.pointerId);
    ctx.chart.applyOptions({ handleScroll: false, handleScale: false });
  }

  private onMove(e: PointerEvent): void {
    const ctx = this.ctx;
    if (ctx === null) return;
    const { x, y } = this.local(e);
    const drag = this.dragging;
    if (drag === null) {
      if (!this.placing) ctx.container.style.cursor = this.inPricePane(x, y) && this.hit(y) !== null ? 'ns-resize' : '';
      return;
    }
    if (e.pointerId !== drag.pointerId) return;
    e.stopPropagation();
    const price = this.priceAt(y);
    if (price !== null) this.lines.get(drag.id)?.line.applyOptions({ price });
  }

  private onUp(e: PointerEvent): void {
    const drag = this.dragging;
    const ctx = this.ctx;
    if (drag === null || ctx === null || e.pointerId !== drag.pointerId) return;
    e.stopPropagation();
    this.dragging = null;
    ctx.chart.applyOptions({ handleScroll: true, handleScale: true });
    const entry = this.lines.get(drag.id);
    if (entry !== undefined && entry.line.options().price !== entry.alert.price) this.events.move(drag.id, entry.line.options().price);
  }
}
