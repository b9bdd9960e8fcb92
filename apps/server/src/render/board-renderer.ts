/**
 * The render worker: ONE headless Chromium that makes snapshots' images with the web
 * client's render page (apps/web/src/render), one render at a time.
 *
 * - Lazy: Chromium starts with the first job, so a server that never renders never runs one.
 * - Bounded: at most `maxQueue` jobs wait; more are refused at once (`render_queue_full`).
 * - A timeout per job: past it the job fails (`render_timeout`) and the browser is closed,
 *   so whatever hung is gone; the next job starts a fresh one.
 * - Memory-safe: the browser is also replaced after a crash, after `restartAfterJobs` jobs
 *   and when the page's JavaScript heap passes `maxHeapBytes`, so a long-running server's
 *   renderer never grows without end.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { lazyModule } from '../lazy-module.ts';
import type { Logger } from '../log.ts';
import { RenderError } from './errors.ts';
import { distRouteHandler, renderOrigin, renderPageUrl } from './serve-dist.ts';
import type { RenderedBoard, RenderInput } from './types.ts';
import { readRender } from './wire.ts';

const playwright = lazyModule<typeof import('playwright-core')>('playwright-core');

export interface RendererOptions {
  chromiumPath: string;
  /** The built web client (apps/web/dist), which holds render.html. */
  webDistDir: string;
  /** Longest one job may take, browser start included. */
  timeoutMs: number;
  /** Jobs that may wait while one runs. */
  maxQueue: number;
  log: Logger;
  /** Replace the browser after this many jobs. Default 50. */
  restartAfterJobs?: number;
  /** Replace the browser once the render page's JS heap passes this. Default 768 MiB. */
  maxHeapBytes?: number;
  /** Largest render the page may answer with (all SVGs and PNGs). Default 256 MiB. */
  maxResultBytes?: number;
}

/** What the tests and metrics can see of the worker. */
export interface RendererStats {
  /** Browsers started so far. */
  launches: number;
  jobs: number;
  failures: number;
  /** Requests the render page made outside its own files (refused). */
  blockedRequests: number;
  running: boolean;
  queued: number;
}

/** Flags for a headless Chromium that makes no request of its own and resolves no host name. */
const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--no-first-run',
  '--mute-audio',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

interface Session {
  browser: Browser;
  page: Page;
  jobs: number;
  /** Set when the browser or its page went away; the session is replaced before the next job. */
  dead: boolean;
}

interface Job {
  input: RenderInput;
  timeoutMs: number;
  /** Set once the job has failed (timed out): work still under way for it must not reach the page. */
  abandoned: boolean;
  resolve(board: RenderedBoard): void;
  reject(error: unknown): void;
}

export class BoardRenderer {
  readonly #options: Required<RendererOptions>;
  readonly #queue: Job[] = [];
  #running = false;
  #closed = false;
  #session: Session | undefined;
  #starting: Promise<Session> | undefined;
  #stats = { launches: 0, jobs: 0, failures: 0, blockedRequests: 0 };

  constructor(options: RendererOptions) {
    this.#options = { restartAfterJobs: 50, maxHeapBytes: 768 * 1024 * 1024, maxResultBytes: 256 * 1024 * 1024, ...options };
  }

  stats(): RendererStats {
    return { ...this.#stats, running: this.#running, queued: this.#queue.length };
  }

  /**
   * The images of one snapshot. Rejects with a `RenderError`: `render_queue_full`,
   * `render_timeout`, `render_failed`, `renderer_closed` or `web_client_not_built`.
   * `options.timeoutMs` overrides the renderer's timeout for this job.
   */
  render(input: RenderInput, options: { timeoutMs?: number } = {}): Promise<RenderedBoard> {
    if (this.#closed) return Promise.reject(new RenderError('renderer_closed', 'The renderer is closed'));
    if (this.#queue.length >= this.#options.maxQueue) {
      return Promise.reject(new RenderError('render_queue_full', `${this.#queue.length} renders are waiting already; try again later`));
    }
    return new Promise<RenderedBoard>((resolve, reject) => {
      this.#queue.push({ input, timeoutMs: options.timeoutMs ?? this.#options.timeoutMs, abandoned: false, resolve, reject });
      void this.#drain();
    });
  }

  /** Ends Chromium; waiting jobs fail with `renderer_closed`. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new RenderError('renderer_closed', 'The renderer is closed'));
    const starting = this.#starting;
    this.#starting = undefined;
    const session = this.#session ?? (await starting?.catch(() => undefined));
    this.#session = undefined;
    if (session) await this.#endSession(session);
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let job = this.#queue.shift(); job; job = this.#queue.shift()) await this.#run(job);
    } finally {
      this.#running = false;
    }
  }

  async #run(job: Job): Promise<void> {
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RenderError('render_timeout', `The render took longer than ${job.timeoutMs} ms`)), job.timeoutMs);
    });
    const work = this.#renderInBrowser(job);
    // The work's own failure after a timeout has nobody left to hear it.
    work.catch(() => {});
    try {
      const board = await Promise.race([work, timedOut]);
      this.#stats.jobs += 1;
      this.#options.log.info({ pages: board.pages.length, ms: Math.round(performance.now() - started) }, 'render: board images made');
      job.resolve(board);
      await this.#recycleIfDue();
    } catch (error) {
      job.abandoned = true;
      this.#stats.failures += 1;
      const failure = error instanceof RenderError ? error : new RenderError('render_failed', `The board could not be rendered: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      this.#options.log.warn({ code: failure.code, ms: Math.round(performance.now() - started) }, 'render: failed; the browser is restarted');
      job.reject(failure);
      // Whatever the page was doing is not trusted to have finished: a fresh browser for the next job.
      await this.#restart();
    } finally {
      clearTimeout(timer);
    }
  }

  async #renderInBrowser(job: Job): Promise<RenderedBoard> {
    const session = await this.#sessionForJob();
    // A job that timed out while the browser started must not run beside the next one.
    if (job.abandoned) throw new RenderError('render_timeout', 'The render was given up');
    session.jobs += 1;
    const answer = await session.page.evaluate(async (json) => {
      const render = (globalThis as { koppelbordRender?: (json: string) => Promise<string> }).koppelbordRender;
      if (!render) throw new Error('the render page did not load');
      return render(json);
    }, JSON.stringify(job.input));
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer);
    } catch {
      throw new RenderError('render_failed', 'The render page answered with something other than JSON');
    }
    return readRender(parsed, this.#options.maxResultBytes);
  }

  async #sessionForJob(): Promise<Session> {
    if (this.#session && !this.#session.dead) return this.#session;
    if (this.#session) await this.#restart();
    this.#starting ??= this.#launch();
    try {
      this.#session = await this.#starting;
      return this.#session;
    } finally {
      this.#starting = undefined;
    }
  }

  async #launch(): Promise<Session> {
    const { chromiumPath, webDistDir, log } = this.#options;
    if (!existsSync(path.join(webDistDir, 'render.html'))) {
      throw new RenderError('web_client_not_built', `No render page in ${webDistDir}: run \`pnpm build\``);
    }
    const browser = await playwright().chromium.launch({ executablePath: chromiumPath, args: launchArgs });
    this.#stats.launches += 1;
    try {
      const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      await context.route(
        '**/*',
        distRouteHandler(webDistDir, (url) => {
          this.#stats.blockedRequests += 1;
          // The origin and path only: a query could carry anything.
          log.warn({ target: url }, 'render: the render page asked for something outside its files (refused)');
        }),
      );
      const page = await context.newPage();
      const session: Session = { browser, page, jobs: 0, dead: false };
      browser.on('disconnected', () => {
        session.dead = true;
      });
      page.on('crash', () => {
        session.dead = true;
        log.warn('render: the render page crashed');
      });
      page.on('pageerror', (error) => log.warn({ err: error.message }, 'render: error in the render page'));
      await page.goto(renderPageUrl, { waitUntil: 'load' });
      await page.waitForFunction(() => typeof (globalThis as { koppelbordRender?: unknown }).koppelbordRender === 'function');
      if (this.#closed) throw new RenderError('renderer_closed', 'The renderer is closed');
      log.info({ origin: renderOrigin }, 'render: headless Chromium started');
      return session;
    } catch (error) {
      await browser.close().catch(() => {});
      throw error;
    }
  }

  /** Replaces the browser after `restartAfterJobs` jobs or once the page's heap is past `maxHeapBytes`. */
  async #recycleIfDue(): Promise<void> {
    const session = this.#session;
    if (!session || session.dead) return this.#restart();
    let heap = 0;
    try {
      heap = await session.page.evaluate(() => (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    } catch {
      session.dead = true;
    }
    if (session.dead || session.jobs >= this.#options.restartAfterJobs || heap > this.#options.maxHeapBytes) {
      this.#options.log.info({ jobs: session.jobs, heapBytes: heap }, 'render: restarting the browser');
      await this.#restart();
    }
  }

  async #restart(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session) await this.#endSession(session);
  }

  async #endSession(session: Session): Promise<void> {
    session.dead = true;
    await session.browser.close().catch((error: unknown) => this.#options.log.warn({ err: String(error) }, 'render: closing the browser failed'));
  }
}
