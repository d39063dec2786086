import { zValidator } from '@hono/zod-validator';
import { RestErrorCode } from '@candlewire/protocol';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ReplaySource } from './replay-source';

const seekQuery = z.object({ time: z.coerce.number().int().nonnegative() });

const notReplaying = (c: Context) =>
  c.json({ error: { code: RestErrorCode.NOT_FOUND, message: 'not replaying: start the BFF with SOURCE=replay:FILE' } }, 404);

const badRequest = (result: { success: boolean; error?: unknown }, c: Context) => {
  if (result.success) return undefined;
  const issues = (result.error as z.ZodError).issues;
  return c.json(
    { error: { code: RestErrorCode.BAD_REQUEST, message: issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') } },
    400,
  );
};

/**
 * `GET /api/replay` (position, speed, state), `POST /api/replay/pause`, `/resume`,
 * `/seek?time=<epoch ms>`; every route answers 404 when the BFF is not replaying.
 */
export function createReplayRoutes(replay: ReplaySource | null) {
  return new Hono()
    .get('/api/replay', (c) => (replay === null ? notReplaying(c) : c.json(replay.status(), 200)))
    .post('/api/replay/pause', (c) => {
      if (replay === null) return notReplaying(c);
      replay.pause();
      return c.json(replay.status(), 200);
    })
    .post('/api/replay/resume', (c) => {
      if (replay === null) return notReplaying(c);
      replay.resume();
      return c.json(replay.status(), 200);
    })
    .post('/api/replay/seek', zValidator('query', seekQuery, badRequest), async (c) => {
      if (replay === null) return notReplaying(c);
      const { time } = c.req.valid('query');
      const { start, end } = replay.status();
      if (time < start || time > end) {
        return c.json({ error: { code: RestErrorCode.BAD_REQUEST, message: `time: must be within the recording, ${start}..${end}` } }, 400);
      }
      await replay.seek(time);
      return c.json(replay.status(), 200);
    });
}
