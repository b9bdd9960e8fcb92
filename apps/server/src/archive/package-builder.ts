import { Worker } from 'node:worker_threads';
import type { BuildOptions } from './build.ts';
import type { ArchiveInput, BuiltPackage } from './types.ts';

export interface PackageBuilderOptions {
  /** Longest one build may take; past it the worker is terminated and the build rejected. Default 120 s. */
  timeoutMs?: number;
  /** Builds that may wait behind the running one; more are rejected at once. Default 16. */
  maxQueued?: number;
  /** Passed to every build (tests turn Ghostscript off with `pdfA: false`). */
  build?: BuildOptions;
  /** The worker thread's heap limit in MiB. Default 512. */
  maxHeapMb?: number;
}

/** Why a build was refused or failed; `code` says which, for the caller's error answer. */
export class PackageBuildError extends Error {
  readonly code: 'queue_full' | 'timeout' | 'worker_failed' | 'build_failed' | 'closed';
  constructor(code: PackageBuildError['code'], message: string) {
    super(message);
    this.name = 'PackageBuildError';
    this.code = code;
  }
}

interface Job {
  input: ArchiveInput;
  timeoutMs: number;
  resolve(built: BuiltPackage): void;
  reject(error: Error): void;
}

type WorkerReply = { id: number; ok: true; built: BuiltPackage } | { id: number; ok: false; message: string };

/**
 * Runs buildArchivePackage in a worker thread, one job at a time: a bounded queue, a timeout
 * that terminates the worker and rejects, and a fresh worker for the next job after a
 * timeout or a crash (so a build that ran away or leaked leaves nothing behind). The board
 * rooms never wait for a build: the event loop of the main thread only passes messages.
 */
export class PackageBuilder {
  readonly #options: Required<Omit<PackageBuilderOptions, 'build'>> & { build: BuildOptions };
  readonly #queue: Job[] = [];
  #worker: Worker | null = null;
  #running: (Job & { id: number; timer: NodeJS.Timeout }) | null = null;
  #nextId = 1;
  #closed = false;

  constructor(options: PackageBuilderOptions = {}) {
    this.#options = { timeoutMs: options.timeoutMs ?? 120_000, maxQueued: options.maxQueued ?? 16, maxHeapMb: options.maxHeapMb ?? 512, build: options.build ?? {} };
  }

  /**
   * Builds start in order of arrival; rejects with PackageBuildError when the queue is full,
   * on timeout or failure. `timeoutMs` overrides the builder's timeout for this build.
   */
  build(input: ArchiveInput, options: { timeoutMs?: number } = {}): Promise<BuiltPackage> {
    if (this.#closed) return Promise.reject(new PackageBuildError('closed', 'the package builder is closed'));
    if (this.#queue.length >= this.#options.maxQueued) {
      return Promise.reject(new PackageBuildError('queue_full', `${this.#queue.length} package builds are waiting already`));
    }
    return new Promise<BuiltPackage>((resolve, reject) => {
      this.#queue.push({ input, timeoutMs: options.timeoutMs ?? this.#options.timeoutMs, resolve, reject });
      this.#next();
    });
  }

  /** Builds waiting behind the running one. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Rejects what waits, stops the running build and the worker. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new PackageBuildError('closed', 'the package builder was closed'));
    if (this.#running) this.#finish(new PackageBuildError('closed', 'the package builder was closed'));
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }

  #spawn(): Worker {
    // Node strips the types of the .ts file itself (Node ≥ 22.18 / 23.6), as for the server.
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: this.#options.maxHeapMb } });
    // A worker that was replaced (after a timeout) may still report or exit: it is ignored.
    worker.on('message', (reply: WorkerReply) => {
      if (this.#worker !== worker || !this.#running || reply.id !== this.#running.id) return;
      if (reply.ok) this.#finish(null, reply.built);
      else this.#finish(new PackageBuildError('build_failed', reply.message));
    });
    worker.on('error', (error) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#finish(new PackageBuildError('worker_failed', `package worker failed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#finish(new PackageBuildError('worker_failed', `package worker exited with code ${code}`));
    });
    // An idle worker must not keep the process alive (it is ref'd while it builds).
    worker.unref();
    return worker;
  }

  #next(): void {
    if (this.#running || this.#closed) return;
    const job = this.#queue.shift();
    if (!job) return;
    this.#worker ??= this.#spawn();
    const id = this.#nextId++;
    const timer = setTimeout(() => {
      const worker = this.#worker;
      this.#worker = null;
      this.#finish(new PackageBuildError('timeout', `package build took longer than ${job.timeoutMs} ms`));
      void worker?.terminate();
    }, job.timeoutMs);
    this.#running = { ...job, id, timer };
    this.#worker.ref();
    this.#worker.postMessage({ id, input: job.input, options: this.#options.build });
  }

  #finish(error: Error | null, built?: BuiltPackage): void {
    const job = this.#running;
    if (!job) return;
    this.#running = null;
    clearTimeout(job.timer);
    this.#worker?.unref();
    if (error) job.reject(error);
    else job.resolve(built!);
    setImmediate(() => this.#next());
  }
}
