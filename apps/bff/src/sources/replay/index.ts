/** Replay of a recording (`SOURCE=replay:FILE`): the source, its REST routes, the restartable streams. */
export { createReplaySource, type ReplaySource, type ReplaySpeed, type ReplayState, type ReplayStatus } from './replay-source';
export { loadRecording, parseRecording, RecordingError, type Recording } from './load';
export { createReplayRoutes } from './routes';
export { createDelegate, createSwappableBroker, type SwappableBroker } from './restartable';
