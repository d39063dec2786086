/** The deterministic simulated market source (see sim-source.ts for the model). */
export { createSimSource, type SimSource, type SimSourceOptions } from './sim-source';
export type { MinuteSummary } from './minute-model';
export { TRADE_ID_STRIDE } from './minute-model';
export type { SimSessions } from './intensity';
export { profileFor, type SimProfile } from './profiles';
