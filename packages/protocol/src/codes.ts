/** Error codes of `error.code` (contract §6), as a code table instead of an enum. */
export const ErrorCode = {
  BAD_MESSAGE: 'BAD_MESSAGE',
  UNKNOWN_OP: 'UNKNOWN_OP',
  INVALID_CHANNEL: 'INVALID_CHANNEL',
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  SUBSCRIPTION_LIMIT: 'SUBSCRIPTION_LIMIT',
  RATE_LIMITED: 'RATE_LIMITED',
  FORBIDDEN: 'FORBIDDEN',
  INTERNAL: 'INTERNAL',
} as const;
/** One of the contract's error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** WebSocket close codes the server uses (contract §6). */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY: 1008,
  TOO_BIG: 1009,
  INTERNAL: 1011,
  RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
} as const;
/** One of the close codes the server uses. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Error codes of REST error bodies `{"error":{"code","message"}}`. */
export const RestErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  NOT_FOUND: 'NOT_FOUND',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
/** One of the REST error codes. */
export type RestErrorCode = (typeof RestErrorCode)[keyof typeof RestErrorCode];

/** Wire protocol version announced in `welcome`. */
export const PROTOCOL_VERSION = 1;
