import { Worker } from 'node:worker_threads';
import type { BoardLanguage, SnapshotChangeSummary } from '@koppelbord/contract';
import type { SnapshotRecords } from '../archive/index.ts';
import { entryUrl } from '../entry-url.ts';
import type { AnalyzeRequest } from './analyze-worker.ts';

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };
type Request = AnalyzeRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface SnapshotAnalyzerOptions {
  /** Whether the server is idle (no board loaded): then the worker stops once it has answered everything. */
  serverIdle?: () => boolean;
  /** Told when the worker thread starts (true) and ends (false): the metrics' gauge. */
  onRunning?: (running: boolean) => void;
}

/**
 * Reads snapshots off the main thread (analyze-worker.ts): their valid records, and what
 * changed since the one before. One worker, requests answered in order; it is started on
 * the first request, restarted if it dies, and stopped while the server is idle: a worker
 * thread holds its own V8 heap and its own copy of the board schema, +28 MiB RSS from a
 * board's first version on (measured from the bundle), which a server between sessions has
 * no use for. Stopping it gives ~10 MiB of that back at once (with the idle GC's
 * malloc_trim); the rest stays with the process and is reused by the next worker, so
 * stopping and starting does not grow it. Starting again costs ~0.2 s of CPU.
 */
export class SnapshotAnalyzer {
  readonly #serverIdle: () => boolean;
  readonly #onRunning: (running: boolean) => void;
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(options: SnapshotAnalyzerOptions = {}) {
    this.#serverIdle = options.serverIdle ?? (() => false);
    this.#onRunning = options.onRunning ?? (() => {});
  }

  /** The snapshot's records that validate against the board schema (what every derived file holds). */
  records(state: Uint8Array): Promise<Pick<SnapshotRecords, 'records' | 'schema'>> {
    return this.#ask({ kind: 'records', state }) as Promise<Pick<SnapshotRecords, 'records' | 'schema'>>;
  }

  /** `GET …/render-input`'s body: the snapshot's valid records, their schema and `locale`, as UTF-8 JSON. */
  renderInput(state: Uint8Array, locale: BoardLanguage): Promise<Uint8Array<ArrayBuffer>> {
    return this.#ask({ kind: 'renderInput', state, locale }) as Promise<Uint8Array<ArrayBuffer>>;
  }

  /**
   * The state `parts` make together (merged in the worker: a stored state and the log after
   * it, or one state), how many of its records do not validate, and what changed since `previous`.
   */
  summary(parts: Uint8Array[], previous: Uint8Array | null, locale: BoardLanguage): Promise<{ state: Uint8Array; invalid: number; changes: SnapshotChangeSummary }> {
    return this.#ask({ kind: 'summary', parts, previous, locale }) as Promise<{ state: Uint8Array; invalid: number; changes: SnapshotChangeSummary }>;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    this.#failAll(new Error('the snapshot analyzer was closed'));
    if (worker) await this.#stop(worker);
  }

  /**
   * The server has become idle: stops the worker if it has nothing to answer. Requests still
   * open (an end-of-session snapshot runs after its board unloaded) stop it when answered,
   * as long as the server stays idle; the next request starts a new one.
   */
  release(): void {
    const worker = this.#worker;
    if (!worker || this.#pending.size > 0) return;
    this.#worker = null;
    void this.#stop(worker);
  }

  async #stop(worker: Worker): Promise<void> {
    await worker.terminate();
    // A request meanwhile has started the next one.
    if (!this.#worker) this.#onRunning(false);
  }

  #ask(request: Request): Promise<unknown> {
    const worker = (this.#worker ??= this.#spawn());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id });
    });
  }

  #spawn(): Worker {
    const worker = new Worker(entryUrl('analyze-worker', import.meta.url));
    worker.on('message', (reply: Reply) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(reply.message));
      // An idle worker must not keep the process alive.
      if (this.#pending.size === 0) worker.unref();
      if (this.#pending.size === 0 && this.#serverIdle()) this.release();
    });
    const died = (error: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#onRunning(false);
      this.#failAll(error);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the snapshot analyzer exited with code ${code}`)));
    worker.unref();
    this.#onRunning(true);
    return worker;
  }

  #failAll(error: Error): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}
