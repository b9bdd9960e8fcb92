import { Worker } from 'node:worker_threads';
import type { BoardLanguage, SnapshotChangeSummary } from '@koppelbord/contract';
import type { SnapshotRecords } from '../archive/index.ts';
import { entryUrl } from '../entry-url.ts';
import type { AnalyzeRequest } from './analyze-worker.ts';

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };
type Request = AnalyzeRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * Reads snapshots off the main thread (analyze-worker.ts): their valid records, and what
 * changed since the one before. One worker, requests answered in order; it is started on
 * the first request and restarted if it dies.
 */
export class SnapshotAnalyzer {
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

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
    if (worker) await worker.terminate();
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
    });
    const died = (error: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#failAll(error);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the snapshot analyzer exited with code ${code}`)));
    worker.unref();
    return worker;
  }

  #failAll(error: Error): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}
