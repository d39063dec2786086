/**
 * Stub dashboard: a live quote table over the BFF WebSocket (contract: docs of @candlewire/protocol).
 * Test hooks (contract §8): [data-testid="connection-status"][data-state], [data-testid="watchlist-row"][data-symbol].
 */
import type { ClientMessage, Quote, ServerMessage, SymbolInfo } from '@candlewire/protocol';
import './style.css';

type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'BTC-USDT', 'ETH-USDT', '0700.HK', '600000.SH'];
const PING_EVERY_MS = 5_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 20_000;
const FIELDS = ['symbol', 'name', 'price', 'changePct', 'bid', 'ask', 'time'] as const;
type Field = (typeof FIELDS)[number];

interface Row {
  tr: HTMLTableRowElement;
  cells: Record<Field, HTMLTableCellElement>;
  last: number | null;
}

function must<T extends Element>(selector: string): T {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`missing element ${selector}`);
  return el;
}

const statusEl = must<HTMLElement>('[data-testid="connection-status"]');
const tbody = must<HTMLTableSectionElement>('[data-testid="watchlist"] tbody');
const rows = new Map<string, Row>();
const decimals = new Map<string, number>();

for (const symbol of SYMBOLS) {
  const tr = tbody.insertRow();
  tr.dataset.testid = 'watchlist-row';
  tr.dataset.symbol = symbol;
  const cells = {} as Record<Field, HTMLTableCellElement>;
  for (const field of FIELDS) {
    const td = tr.insertCell();
    td.dataset.field = field;
    if (field !== 'symbol' && field !== 'name') td.className = 'num';
    td.textContent = field === 'symbol' ? symbol : '—';
    cells[field] = td;
  }
  rows.set(symbol, { tr, cells, last: null });
}

function setStatus(state: ConnState, text: string): void {
  statusEl.dataset.state = state;
  statusEl.textContent = `● ${text}`;
}

function fmt(symbol: string, value: number): string {
  return value.toFixed(decimals.get(symbol) ?? 2);
}

function render(q: Quote): void {
  const row = rows.get(q.symbol);
  if (!row) return;
  const { cells, tr } = row;
  cells.price.textContent = fmt(q.symbol, q.price);
  cells.bid.textContent = fmt(q.symbol, q.bid);
  cells.ask.textContent = fmt(q.symbol, q.ask);
  cells.changePct.textContent = `${q.changePct > 0 ? '+' : ''}${q.changePct.toFixed(2)}%`;
  cells.changePct.className = `num ${q.change > 0 ? 'pos' : q.change < 0 ? 'neg' : ''}`;
  cells.time.textContent = new Date(q.time).toLocaleTimeString([], { hour12: false });
  tr.dataset.state = q.state;
  if (row.last !== null && q.price !== row.last) {
    tr.classList.remove('up', 'down');
    void tr.offsetWidth; // restart the flash animation
    tr.classList.add(q.price > row.last ? 'up' : 'down');
  }
  row.last = q.price;
}

async function loadNames(): Promise<void> {
  try {
    const res = await fetch('/api/symbols');
    if (!res.ok) return;
    const body = (await res.json()) as { symbols?: SymbolInfo[] };
    for (const info of body.symbols ?? []) {
      // NOTE: a 0.5 tick needs one decimal: count the tick's own decimals, not -log10.
      decimals.set(info.symbol, (String(info.tickSize).split('.')[1] ?? '').length);
      const row = rows.get(info.symbol);
      if (row) row.cells.name.textContent = info.name;
    }
  } catch {
    // Names are cosmetic; the table works without them.
  }
}

let ws: WebSocket | null = null;
let attempt = 0;
let nextId = 1;
let pingTimer: ReturnType<typeof setInterval> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let deadTimer: ReturnType<typeof setTimeout> | undefined;
let heartbeatMs = 15_000;
const pingsSent = new Map<number, number>();

function send(msg: ClientMessage): void {
  if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
}

/** Anything heard from the server proves the link alive; silence for 2 × heartbeat = dead. */
function armDeadTimer(): void {
  clearTimeout(deadTimer);
  deadTimer = setTimeout(() => ws?.close(4000, 'heartbeat timeout'), 2 * heartbeatMs);
}

function handle(msg: ServerMessage): void {
  switch (msg.type) {
    case 'welcome':
      heartbeatMs = msg.heartbeatMs;
      attempt = 0;
      setStatus('connected', 'Connected');
      send({ op: 'subscribe', id: nextId++, channels: SYMBOLS.map((s) => `quote:${s}`) });
      break;
    case 'subscribed':
      if (msg.snapshot) render(msg.snapshot as Quote);
      break;
    case 'update':
      if (msg.channel.startsWith('quote:')) render(msg.data as Quote);
      break;
    case 'pong': {
      const sentAt = msg.id === undefined ? undefined : pingsSent.get(msg.id);
      if (sentAt !== undefined && msg.id !== undefined) {
        pingsSent.delete(msg.id);
        setStatus('connected', `Connected · ${Math.round(performance.now() - sentAt)} ms`);
      }
      break;
    }
    case 'error': {
      const row = msg.channel?.startsWith('quote:') ? rows.get(msg.channel.slice(6)) : undefined;
      if (row) row.cells.name.textContent = msg.code;
      console.warn(`server error ${msg.code}: ${msg.message}`);
      break;
    }
    case 'heartbeat':
    case 'unsubscribed':
      break;
  }
}

function connect(): void {
  clearTimeout(retryTimer);
  if (!navigator.onLine) {
    setStatus('offline', 'Offline');
    return; // the 'online' event reconnects
  }
  if (attempt === 0) setStatus('connecting', 'Connecting…');
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  const sock = new WebSocket(url);
  ws = sock;
  sock.onopen = () => {
    armDeadTimer();
    pingTimer = setInterval(() => {
      const id = nextId++;
      pingsSent.set(id, performance.now());
      send({ op: 'ping', id });
    }, PING_EVERY_MS);
  };
  sock.onmessage = (ev: MessageEvent<string>) => {
    armDeadTimer();
    let parsed: unknown;
    try {
      parsed = JSON.parse(ev.data);
    } catch {
      console.warn('bad frame from server');
      return;
    }
    for (const msg of (Array.isArray(parsed) ? parsed : [parsed]) as ServerMessage[]) handle(msg);
  };
  sock.onclose = () => {
    if (ws !== sock) return;
    ws = null;
    clearInterval(pingTimer);
    clearTimeout(deadTimer);
    pingsSent.clear();
    scheduleReconnect();
  };
}

/** Full-jitter backoff: random(0, min(cap, base · 2^attempt)). */
function scheduleReconnect(): void {
  if (!navigator.onLine) {
    setStatus('offline', 'Offline');
    return;
  }
  const delay = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  attempt++;
  setStatus('reconnecting', `Reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})`);
  retryTimer = setTimeout(connect, delay);
}

window.addEventListener('online', () => {
  if (!ws) connect();
});
window.addEventListener('offline', () => {
  ws?.close();
  setStatus('offline', 'Offline');
});

void loadNames();
connect();
