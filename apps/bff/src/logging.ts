import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * NOTE: tokens must never reach the logs. Nothing logs a request URL with its query string
 * (`?token=` rides on it) or request headers; these paths are censored in case a future log call does.
 */
const REDACT = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** The BFF's JSON logger (pino, one line per entry; stdout unless `destination` is given). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'candlewire-bff', pid: process.pid }, redact: { paths: REDACT, censor: '[redacted]' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}
