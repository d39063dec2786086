import type { Logger } from 'pino';
import { ConfigError, type Config } from './config';
import type { SourceExtension } from './sources/extension';
import { createRecordingSource } from './sources/recording';
import { createReplayExtension, createReplaySource, loadRecording } from './sources/replay';
import { createRouterSource, createSourcesFromConfig, isRouterSource, type RouterSource } from './sources/router';
import type { MarketSource } from './sources/types';

/** The source the server runs on, and what its parts add to the server (replay control, the recording's flush). */
export interface SelectedSource {
  source: RouterSource;
  extensions: SourceExtension[];
}

/**
 * Picks the source from `SOURCE`/`ROUTES` (or a test's `override`): a router over the configured
 * sources, or a replay of a recording (`SOURCE=replay:FILE`, alone); with `RECORD_FILE` everything
 * the router delivers is recorded.
 */
export function selectSource(config: Config, override: MarketSource | undefined, logger: Logger): SelectedSource {
  const replayItem = config.SOURCE.find((s) => s.startsWith('replay:'));
  if (override === undefined && replayItem !== undefined && (config.SOURCE.length > 1 || Object.keys(config.ROUTES).length > 0)) {
    throw new ConfigError(
      `SOURCE=${config.SOURCE.join(',')}: replay:FILE replays one recording and cannot be combined with other sources or ROUTES`,
    );
  }
  const replay =
    override === undefined && replayItem !== undefined
      ? createReplaySource({
          recording: loadRecording(replayItem.slice('replay:'.length)),
          speed: config.REPLAY_SPEED,
          paused: config.REPLAY_PAUSED,
          emptyBuckets: config.EMPTY_BUCKETS,
        })
      : null;
  const given = override ?? replay;
  const routed =
    given === null ? createSourcesFromConfig(config, { logger }) : isRouterSource(given) ? given : createRouterSource({ sources: [given] });
  const extensions = [createReplayExtension(replay)];
  if (config.RECORD_FILE === undefined) return { source: routed, extensions };
  const recorder = createRecordingSource(routed, {
    file: config.RECORD_FILE,
    onError: (err) => logger.error({ err, file: config.RECORD_FILE }, 'recording failed'),
  });
  // NOTE: the recorder sees one sink, so the sources' watermarks are recorded (and replayed) as
  // one: the slowest source's. Routing, interest and status still go to the router.
  extensions.push({ close: () => recorder.close() });
  return { source: { ...routed, start: (sink, fromMs) => recorder.start(sink, fromMs) }, extensions };
}
