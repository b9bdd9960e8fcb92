import type { MiddlewareHandler } from 'hono';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import type { WebSocket } from 'ws';
import { boardIdPattern, CloseCode, participantIdOf, participantKeyPattern } from '@koppelbord/contract';
import type { AccessService } from '../access/index.ts';
import type { BoardGrant, TokenService } from '../auth/index.ts';
import { TokenError } from '../auth/index.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/index.ts';
import type { BoardStore } from '../storage/index.ts';
import type { BoardRoom, SyncConnection, SyncService } from '../sync/index.ts';
import type { ClientIpResolver } from './client-ip.ts';
import { errorResponse } from './errors.ts';
import { upgradeLimiter } from './rate-limits.ts';

export interface SyncRouteDeps {
  config: ServerConfig;
  clientIp: ClientIpResolver;
  upgradeWebSocket: UpgradeWebSocket<WebSocket>;
  tokens: TokenService;
  /** Tracks admitted connections by invite (revocation, expiry, role changes reach them). */
  access: AccessService;
  store: BoardStore;
  sync: SyncService;
  metrics: Metrics;
  log: Logger;
}

type Admission =
  | { ok: true; grant: BoardGrant; room: BoardRoom }
  | { ok: false; code: CloseCode; reason: string };

/** The socket is opened only to carry a close code a stock client sees (it hides HTTP statuses). */
const refuse = (code: CloseCode, reason: string) => ({
  onOpen: (_event: Event, ws: WSContext<WebSocket>) => ws.close(code, reason),
});

/**
 * `GET /sync/:boardId?token=…[&participant=…]`: the client address's upgrade budget is checked first (a
 * flood costs no token check and no board load; over it: 1008), then the token and its invite
 * are verified and the board loaded *before* the upgrade; a refused socket is opened only to carry the
 * contract's close code (1008/4401/4404), and never touches a document.
 */
export function syncRoute({ config, clientIp, upgradeWebSocket, tokens, access, store, sync, metrics, log }: SyncRouteDeps) {
  const upgrades = upgradeLimiter(config.rateLimits);

  const admit = async (boardId: string, token: string | undefined): Promise<Admission> => {
    let grant: BoardGrant;
    try {
      grant = await tokens.verify(token);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      metrics.rejected.inc({ reason: 'unauthorized' });
      // The reason says why (`invite revoked`, `invite expired`, …: accessEndReasons), so the page can tell the person.
      return { ok: false, code: CloseCode.unauthorized, reason: error.reason };
    }
    if (grant.boardId !== boardId) {
      metrics.rejected.inc({ reason: 'unauthorized' });
      return { ok: false, code: CloseCode.unauthorized, reason: 'token is for another board' };
    }
    // A loaded board exists: only a board not in memory needs a look in the store.
    if (!boardIdPattern.test(boardId) || !(sync.isLoaded(boardId) || (await store.getBoard(boardId)))) {
      metrics.rejected.inc({ reason: 'unknown_board' });
      return { ok: false, code: CloseCode.unknownBoard, reason: 'unknown board' };
    }
    try {
      return { ok: true, grant, room: await sync.loadRoom(boardId) };
    } catch (error) {
      log.error({ err: error, boardId }, 'loading board failed');
      return { ok: false, code: CloseCode.internalError, reason: 'board could not be loaded' };
    }
  };

  const requireUpgrade: MiddlewareHandler = async (c, next) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      return errorResponse(c, 426, 'upgrade_required', 'This endpoint speaks the y-websocket protocol over a websocket');
    }
    if (sync.draining) return errorResponse(c, 503, 'shutting_down', 'The server is shutting down');
    await next();
  };

  const upgrade = upgradeWebSocket(async (c) => {
    if (upgrades.enabled && !upgrades.allow(clientIp.of(c).key)) {
      metrics.rejected.inc({ reason: 'upgrade_rate_limited' });
      return refuse(CloseCode.policy, 'too many connections from this address');
    }
    // The participant key is optional (a stock client has none: it just cannot act as a participant), but never malformed.
    const participantKey = c.req.query('participant');
    if (participantKey !== undefined && !participantKeyPattern.test(participantKey)) {
      metrics.rejected.inc({ reason: 'malformed' });
      return refuse(CloseCode.policy, 'malformed participant key');
    }
    const admission = await admit(c.req.param('boardId') ?? '', c.req.query('token'));
    if (!admission.ok) return refuse(admission.code, admission.reason);
    const { grant, room } = admission;
    const participantId = participantKey === undefined ? null : await participantIdOf(participantKey);
    let connection: SyncConnection | undefined;
    return {
      // The sync service listens on the raw socket itself: the helper's onMessage would copy
      // every frame and wrap it in a MessageEvent, which costs more than handling it.
      onOpen: (_event, ws: WSContext<WebSocket>) => {
        if (ws.raw) connection = sync.open(ws.raw, room, grant, participantId);
        if (connection) access.admitted(connection, grant);
      },
      onClose: () => {
        if (!connection) return;
        access.released(connection);
        sync.connectionClosed(connection, room);
      },
    };
  });

  return { requireUpgrade, upgrade };
}
