import { createReplayRoutes } from './routes';
import type { ReplaySource } from './replay-source';
import type { SourceExtension } from '../extension';

/** At `--speed max`, a replay holds back while one client has this many messages queued… */
export const REPLAY_MAX_QUEUED = 2000;
/** …or this many bytes unsent in its socket. */
export const REPLAY_MAX_BUFFERED = 1024 * 1024;

/**
 * What a replay adds to the server: its recorded clock for the pipeline, the `/api/replay` routes,
 * the gateway's backlog as backpressure at `max` speed, and rewinds that restart the streams.
 * Without a replay (`null`) only the routes remain, answering 404 `not replaying`.
 */
export function createReplayExtension(replay: ReplaySource | null): SourceExtension {
  const routes = createReplayRoutes(replay);
  if (replay === null) return { routes };
  return {
    clock: () => replay.clock(),
    restartable: true,
    routes,
    attach(host) {
      replay.setBackpressure(() => {
        const { messages, bytes } = host.backlog();
        return messages > REPLAY_MAX_QUEUED || bytes > REPLAY_MAX_BUFFERED;
      });
      replay.onRewind(async () => {
        // NOTE: clients go first (1012, they resume and get recovered:false), then the streams restart.
        await host.restartStreams('replay rewound: resubscribe');
        host.logger.info({ position: replay.clock() }, 'replay rewound');
      });
    },
  };
}
