import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { UpgradeWebSocket } from 'hono/ws';
import type { WebSocket } from 'ws';
import type { AccessService } from '../access/index.ts';
import type { TokenService } from '../auth/index.ts';
import type { ServerConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/index.ts';
import type { PackageJobs, SnapshotAnalyzer, SnapshotService } from '../snapshots/index.ts';
import type { AssetStore, Store } from '../storage/index.ts';
import type { SyncService } from '../sync/index.ts';
import { facilitationRoutes } from '../facilitation/index.ts';
import { accessLog } from './access-log.ts';
import { archiveRoutes } from './archive.ts';
import { assetResponseHeaders, assetRoutes, isAssetUpload } from './assets.ts';
import { boardAdminRoutes } from './board-admin.ts';
import { boardCreationGate } from './board-creation.ts';
import { boardRoutes } from './boards.ts';
import { ClientIpResolver } from './client-ip.ts';
import { apiCors } from './cors.ts';
import { errorResponse, HttpError } from './errors.ts';
import { healthRoutes } from './health.ts';
import { inviteRoutes } from './invites.ts';
import { IMPORT_PATH, importRoutes } from './import.ts';
import { boardCreateLimit } from './rate-limits.ts';
import { securityHeaders } from './security-headers.ts';
import { snapshotRoutes } from './snapshots.ts';
import { staticWebRoutes } from './static-web.ts';
import { syncRoute } from './sync-route.ts';
import { votingRoutes } from '../voting/index.ts';

export interface AppDeps {
  config: ServerConfig;
  store: Store;
  assets: AssetStore;
  tokens: TokenService;
  access: AccessService;
  sync: SyncService;
  snapshots: SnapshotService;
  packages: PackageJobs;
  analyzer: SnapshotAnalyzer;
  metrics: Metrics;
  log: Logger;
  upgradeWebSocket: UpgradeWebSocket<WebSocket>;
}

/**
 * The whole HTTP surface: API, sync endpoint, health, metrics and the web client. Every
 * response carries the security headers; every error is JSON `{error: {code, message}}`.
 */
export function createApp(deps: AppDeps): Hono {
  const { config, log, metrics } = deps;
  const clientIp = new ClientIpResolver(config.http.trustedProxies);
  const app = new Hono();
  const notFound = (c: Context) => errorResponse(c, 404, 'not_found', `Nothing at ${c.req.method} ${c.req.path}`);

  app.use(accessLog(log));
  // Outside the security headers: an image keeps its own caching and policy.
  app.use(assetResponseHeaders());
  app.use(securityHeaders());
  app.onError((error, c) => {
    if (error instanceof HttpError) return errorResponse(c, error.status, error.code, error.message, error.details);
    log.error({ err: error, path: c.req.path }, 'unhandled error');
    return errorResponse(c, 500, 'internal_error', 'Something went wrong on the server');
  });

  app.route('/', healthRoutes(deps.sync, metrics));
  if (config.http.corsOrigins.length > 0) app.use('/api/*', apiCors(config.http.corsOrigins));
  app.use('/api/*', async (c, next) => {
    await next();
    // Responses carry tokens and board metadata: no cache keeps them.
    c.header('Cache-Control', 'no-store');
  });
  // Before the body limit and the handler: every attempt counts, valid or not.
  const createLimit = boardCreateLimit(config.rateLimits, clientIp, metrics);
  app.post('/api/boards', createLimit);
  app.post(IMPORT_PATH, createLimit);
  // After the rate limit, so guessing BOARD_CREATE_TOKEN is limited too.
  const createGate = boardCreationGate(config.boardCreation);
  app.post('/api/boards', createGate);
  app.post(IMPORT_PATH, createGate);
  const limitBody = (maxSize: number) =>
    bodyLimit({ maxSize, onError: (c) => errorResponse(c, 413, 'body_too_large', `The request body is over ${maxSize} bytes`) });
  // Uploads have limits of their own, checked in the route: images and .tldr imports
  // (MAX_ASSET_BYTES, MAX_IMPORT_BYTES), rendered board images (MAX_RENDER_UPLOAD_BYTES, while
  // they stream to a file: streamed-body.ts); every other body the global one.
  const renderUpload = /^\/api\/boards\/[^/]+\/snapshots\/[^/]+\/render$/;
  const hasOwnBodyLimit = (c: Context) =>
    isAssetUpload(c.req.method, c.req.path) || (c.req.method === 'POST' && c.req.path === IMPORT_PATH) || (c.req.method === 'PUT' && renderUpload.test(c.req.path));
  const globalLimit = limitBody(config.limits.maxBodyBytes);
  app.use('/api/*', (c, next) => (hasOwnBodyLimit(c) ? next() : globalLimit(c, next)));
  const { limits } = config;
  app.route('/api/boards', assetRoutes({ store: deps.store, assets: deps.assets, tokens: deps.tokens, maxAssetBytes: limits.maxAssetBytes }));
  const access = { store: deps.store, tokens: deps.tokens, access: deps.access, publicUrl: config.publicUrl };
  app.route('/api/boards', importRoutes({ ...limits, ...access, assets: deps.assets }));
  app.route('/api/boards', boardRoutes(access));
  app.route('/api/boards', inviteRoutes(access));
  app.route('/api/boards', boardAdminRoutes(access));
  app.route('/api/boards', facilitationRoutes({ store: deps.store, tokens: deps.tokens, sync: deps.sync }));
  app.route(
    '/api/boards',
    snapshotRoutes({
      store: deps.store,
      tokens: deps.tokens,
      access: deps.access,
      snapshots: deps.snapshots,
      packages: deps.packages,
      analyzer: deps.analyzer,
      publicUrl: config.publicUrl,
      operatorToken: config.archive.operatorToken,
      limits: { maxPackageBytes: config.snapshots.maxPackageBytes, maxRenderUploadBytes: config.snapshots.maxRenderUploadBytes },
    }),
  );
  app.route('/api/boards', votingRoutes({ store: deps.store, tokens: deps.tokens, sync: deps.sync, log }));
  app.route('/api/archive', archiveRoutes({ store: deps.store, packages: deps.packages, operatorToken: config.archive.operatorToken }));
  app.all('/api/*', (c) => errorResponse(c, 404, 'not_found', `No API endpoint ${c.req.method} ${c.req.path}`));
  const sync = syncRoute({ ...deps, clientIp });
  app.get('/sync/:boardId', sync.requireUpgrade, sync.upgrade);
  app.all('/sync/*', (c) => errorResponse(c, 404, 'not_found', 'Use /sync/:boardId'));
  app.route('/', staticWebRoutes({ distDir: config.webDistDir, tldrawLicenseKey: config.tldrawLicenseKey }));
  // A catch-all route rather than only notFound(): server.ts mounts this app into another,
  // and a mounted app's notFound handler is not used (hono would answer in plain text).
  app.all('*', notFound);
  app.notFound(notFound);
  return app;
}
