import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { entryUrl } from '../entry-url.ts';
import type { Logger } from '../log.ts';
import { withoutPriorityRaise } from '../priority/index.ts';
import { RenderError, UploadedRenderError, type RenderErrorCode, type UploadedRenderErrorCode } from '../render/index.ts';
import { PackageBuildError } from './errors.ts';
import type { AssetBytes, ChildSettings, FromChild, JobFailure, PackagedSnapshot, PackageInput, PackageJob, RenderJob, StagedJob, ToChild, UploadJob } from './jobs.ts';
import { killTree } from './process-tree.ts';

export interface PackageProcessOptions {
  /** Headless Chromium for server-side renders; null: only uploaded images are built from. */
  chromiumPath: string | null;
  /** The built web client (apps/web/dist), which holds the render page. */
  webDistDir: string;
  /** Longest one render may take (the renderer's own limit, browser start included). */
  renderTimeoutMs: number;
  /** Longest the build of one package may take (checking an upload included). */
  buildTimeoutMs: number;
  maxRenderUploadBytes: number;
  logLevel: string;
  log: Logger;
  /** Jobs that may wait behind the running one; more are refused at once. Default 16. */
  maxQueued?: number;
  /** The process ends after this long without a job (its Chromium with it). Default 60 s. */
  idleExitMs?: number;
  /** Ghostscript for PDF/A (tests turn it off). Default on. */
  pdfA?: boolean;
  /** The process's JavaScript heap limit in MiB. Default 1024. */
  maxHeapMb?: number;
}

/**
 * A job's outcome: the ZIP stays in `zipFile`, which now belongs to the caller (the store takes
 * it over, storage/types.ts NewPackage); the rest is small.
 */
export type Packaged = PackagedSnapshot;

/** The bytes of the images the job's snapshot shows, by their `src` (asked for by the process). */
export type AssetLookup = (sources: readonly string[]) => Promise<AssetBytes>;

/** The snapshot's states of a job, until they are written to files for the process. */
type JobStates = Pick<PackageInput, 'state' | 'previous'>;

interface Job {
  /** The job without its states' bytes: those are in `states` until staged, then in files. */
  job: (Omit<RenderJob, 'input'> | Omit<UploadJob, 'input'>) & { input: Omit<PackageInput, 'state' | 'previous'> & { previous: { label: string; createdAt: Date } | null } };
  /** Dropped once written (#send): megabytes that would otherwise stay in this heap for the whole build. */
  states: JobStates | null;
  assets: AssetLookup;
  timeoutMs: number;
  resolve(packaged: Packaged): void;
  reject(error: Error): void;
}

/** `stateFiles`: where the job's state and the previous snapshot's go for the process (StagedJob). */
type RunningJob = Job & { id: number; zipFile: string; stateFiles: [string, string]; timer: NodeJS.Timeout };

/**
 * The server's side of the package process (child.ts): a Node process of its own, forked on
 * the first job, at the lowest CPU priority, that renders and builds archive packages one at
 * a time. Only ids-sized messages and file names cross to this process's event loop — the
 * render's megabytes of images, the upload's JSON and the ZIP stay out of it (on 2 cores,
 * parsing and copying them here held up other boards' updates by 60–90 ms per package).
 *
 * A job past its timeout, or a process that dies, fails with a `PackageBuildError`; the
 * process (Chromium included) is killed and the next job gets a fresh one. After
 * `idleExitMs` without work it exits, so an idle server keeps no Chromium and no builder.
 */
export class PackageProcess {
  readonly #options: Required<PackageProcessOptions>;
  readonly #queue: Job[] = [];
  #child: ChildProcess | null = null;
  #running: RunningJob | null = null;
  #nextId = 1;
  #closed = false;
  #staging: Promise<string> | null = null;
  #stagingPath: string | null = null;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(options: PackageProcessOptions) {
    this.#options = { maxQueued: 16, idleExitMs: 60_000, pdfA: true, maxHeapMb: 1024, ...options };
  }

  get canRender(): boolean {
    return this.#options.chromiumPath !== null;
  }

  /** The process's pid while it runs (tests: its priority, killing it). */
  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  /** Writes an uploaded body to a file for an `upload` job (never parsed here); a body that fails leaves no file. */
  async stageUpload(body: Readable): Promise<string> {
    const file = path.join(await this.#stagingDir(), `upload-${this.#nextId++}.json`);
    try {
      await pipeline(body, createWriteStream(file));
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    return file;
  }

  /**
   * Runs the job in the process. Rejects with `RenderError` (the render failed),
   * `UploadedRenderError` (the upload is refused: its `code` and `status` are the API's) or
   * `PackageBuildError` (`queue_full`, `timeout`, `worker_failed`, `build_failed`, `closed`).
   * An upload job's file is removed when the job is done.
   */
  package(job: PackageJob, assets: AssetLookup, options: { timeoutMs?: number } = {}): Promise<Packaged> {
    if (this.#closed) return this.#refuse(job, new PackageBuildError('closed', 'the package process is closed'));
    if (this.#queue.length >= this.#options.maxQueued) return this.#refuse(job, new PackageBuildError('queue_full', `${this.#queue.length} package jobs are waiting already`));
    const defaultTimeout = this.#options.buildTimeoutMs + (job.kind === 'render' ? this.#options.renderTimeoutMs : 0);
    const { state, previous, ...input } = job.input;
    const withoutStates = { ...job, input: { ...input, previous: previous && { label: previous.label, createdAt: previous.createdAt } } };
    return new Promise<Packaged>((resolve, reject) => {
      this.#queue.push({ job: withoutStates, states: { state, previous }, assets, timeoutMs: options.timeoutMs ?? defaultTimeout, resolve, reject });
      this.#next();
    });
  }

  /** Rejects what waits, stops the running job and the process, removes the staged files. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    for (const job of this.#queue.splice(0)) this.#fail(job, new PackageBuildError('closed', 'the package process was closed'));
    if (this.#running) this.#finish(new PackageBuildError('closed', 'the package process was closed'));
    await this.#endChild();
    const staging = this.#staging;
    this.#staging = null;
    this.#stagingPath = null;
    if (staging) await rm(await staging, { recursive: true, force: true });
  }

  #refuse(job: PackageJob, error: Error): Promise<never> {
    return new Promise<never>((_, reject) => this.#fail({ job, states: null, assets: async () => new Map(), timeoutMs: 0, resolve: () => {}, reject }, error));
  }

  #stagingDir(): Promise<string> {
    return (this.#staging ??= mkdtemp(path.join(os.tmpdir(), 'koppelbord-packages-')));
  }

  #spawn(): ChildProcess {
    const { chromiumPath, webDistDir, renderTimeoutMs, maxRenderUploadBytes, pdfA, logLevel, maxHeapMb } = this.#options;
    const settings: ChildSettings = { chromiumPath, webDistDir, renderTimeoutMs, maxRenderUploadBytes, pdfA, logLevel };
    // Not the server's own flags (a test runner's loaders, inspector ports): only what the process needs.
    const nodeArgs = ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', `--max-old-space-size=${maxHeapMb}`];
    // Started through `setpriv` where it must be, so Chromium cannot undo the low priority (priority/).
    const [launcher, ...launcherArgs] = withoutPriorityRaise();
    const child = fork(fileURLToPath(entryUrl('child', import.meta.url)), [JSON.stringify(settings)], {
      serialization: 'advanced',
      ...(launcher ? { execPath: launcher, execArgv: [...launcherArgs, process.execPath, ...nodeArgs] } : { execArgv: nodeArgs }),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // A process that was replaced (after a timeout) may still report or exit: it is ignored.
    child.on('message', (reply: FromChild) => {
      const running = this.#running;
      if (this.#child !== child || !running || reply.id !== running.id) return;
      if (reply.type === 'done') this.#finish(null, reply.packaged);
      else if (reply.type === 'failed') this.#finish(failureError(reply.failure));
      else void this.#answerAssets(child, running, reply.sources);
    });
    child.on('exit', (code, signal) => {
      if (this.#child !== child) return;
      this.#child = null;
      this.#finish(new PackageBuildError('worker_failed', `the package process exited (${signal ?? `code ${code}`})`));
    });
    child.on('error', (error) => this.#options.log.warn({ err: error.message }, 'package process: error'));
    return child;
  }

  async #answerAssets(child: ChildProcess, running: RunningJob, sources: string[]): Promise<void> {
    let assets: AssetBytes;
    try {
      assets = await running.assets(sources);
    } catch (error) {
      if (this.#running === running) this.#finish(new PackageBuildError('build_failed', `the board's images could not be read: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (this.#running !== running || this.#child !== child) return;
    const answer: ToChild = { type: 'assets', id: running.id, assets };
    child.send(answer);
  }

  #next(): void {
    if (this.#running || this.#closed || this.#queue.length === 0) return;
    if (!this.#stagingPath) {
      this.#stagingDir().then(
        (dir) => {
          this.#stagingPath = dir;
          this.#next();
        },
        (error: unknown) => {
          for (const job of this.#queue.splice(0)) this.#fail(job, error instanceof Error ? error : new Error(String(error)));
        },
      );
      return;
    }
    const job = this.#queue.shift()!;
    clearTimeout(this.#idleTimer);
    const child = (this.#child ??= this.#spawn());
    child.ref();
    child.channel?.ref();
    const id = this.#nextId++;
    const zipFile = path.join(this.#stagingPath, `package-${id}.zip`);
    const timer = setTimeout(() => {
      this.#finish(new PackageBuildError('timeout', `the package job took longer than ${job.timeoutMs} ms`));
      void this.#endChild(true);
    }, job.timeoutMs);
    const stateFiles: [string, string] = [path.join(this.#stagingPath, `state-${id}.bin`), path.join(this.#stagingPath, `previous-${id}.bin`)];
    const running: RunningJob = { ...job, id, zipFile, stateFiles, timer };
    this.#running = running;
    void this.#send(child, running);
  }

  /** Writes the job's states to files (the thread pool copies them, not this thread) and sends the job, unless it ended meanwhile. */
  async #send(child: ChildProcess, running: RunningJob): Promise<void> {
    const { previous, ...input } = running.job.input;
    const [stateFile, previousFile] = running.stateFiles;
    try {
      const states = running.states!;
      running.states = null;
      await Promise.all([writeFile(stateFile, states.state), states.previous && writeFile(previousFile, states.previous.state)]);
    } catch (error) {
      if (this.#running === running) this.#finish(new PackageBuildError('build_failed', `the snapshot could not be handed to the package process: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    if (this.#running !== running || this.#child !== child) return;
    const job: StagedJob = { ...running.job, input: { ...input, stateFile, previous: previous && { label: previous.label, createdAt: previous.createdAt, stateFile: previousFile } } };
    const message: ToChild = { type: 'job', id: running.id, job, zipFile: running.zipFile };
    child.send(message);
  }

  #fail(job: Job, error: Error): void {
    if (job.job.kind === 'upload') void rm(job.job.uploadFile, { force: true });
    job.reject(error);
  }

  #finish(error: Error | null, packaged?: Packaged): void {
    const running = this.#running;
    if (!running) return;
    this.#running = null;
    clearTimeout(running.timer);
    for (const file of running.stateFiles) void rm(file, { force: true });
    if (error) {
      void rm(running.zipFile, { force: true });
      this.#fail(running, error);
    }
    else {
      if (running.job.kind === 'upload') void rm(running.job.uploadFile, { force: true });
      running.resolve(packaged!);
    }
    if (this.#queue.length > 0) setImmediate(() => this.#next());
    else this.#idle();
  }

  /** Nothing to do: the process no longer keeps the server alive, and goes after `idleExitMs`. */
  #idle(): void {
    const child = this.#child;
    if (!child) return;
    child.unref();
    child.channel?.unref();
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (!this.#running && this.#queue.length === 0 && this.#child === child) void this.#endChild();
    }, this.#options.idleExitMs);
    this.#idleTimer.unref();
  }

  /** Ends the process: by closing its channel (it closes its Chromium and exits), or killed with everything it started. */
  async #endChild(kill = false): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (kill || !child.connected) {
      if (child.pid) killTree(child.pid);
    } else {
      child.disconnect();
      // A process that does not go by itself within a few seconds is made to.
      const force = setTimeout(() => child.pid && killTree(child.pid), 5_000);
      force.unref();
      void exited.then(() => clearTimeout(force));
    }
    await exited;
  }
}

/** The error a failed step answers with, as the step itself would have thrown it. */
function failureError(failure: JobFailure): Error {
  if (failure.step === 'render') return new RenderError(failure.code as RenderErrorCode, failure.message);
  if (failure.step === 'upload') return new UploadedRenderError(failure.code as UploadedRenderErrorCode, failure.message);
  return new PackageBuildError('build_failed', failure.message);
}
