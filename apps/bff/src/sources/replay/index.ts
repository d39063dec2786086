/** Replay of a recording (`SOURCE=replay:FILE`): the source, and what it adds to the server (clock, REST routes, rewinds). */
export { createReplaySource, type ReplaySource, type ReplaySpeed, type ReplayState, type ReplayStatus } from './replay-source';
export { loadRecording, parseRecording, RecordingError, type Recording } from './load';
export { createReplayRoutes } from './routes';
export { createReplayExtension, REPLAY_MAX_BUFFERED, REPLAY_MAX_QUEUED } from './extension';
