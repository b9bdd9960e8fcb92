/**
 * Websocket close codes of the sync endpoint, part of its external contract (README, "Websocket
 * sync"): clients and operators rely on these numbers, so extend, never renumber.
 */
export const CloseCode = {
  /** Normal closure, e.g. the client left. */
  normal: 1000,
  /** Policy violation: malformed or unexpected frame, rate limit. */
  policy: 1008,
  /** A frame, or the document it would grow, is over the configured limit. */
  tooBig: 1009,
  /** The server failed while handling the connection (e.g. the board could not be loaded). */
  internalError: 1011,
  /** The server is restarting or shutting down; reconnect later. */
  serviceRestart: 1012,
  /** Try again later: the store is unavailable, or the client reads too slowly. */
  tryAgainLater: 1013,
  /** Token missing, forged, expired, revoked or for another board. */
  unauthorized: 4401,
  /** The board does not exist. */
  unknownBoard: 4404,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
