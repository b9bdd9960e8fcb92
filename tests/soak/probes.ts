/**
 * Investigation probes, off by default: the V8 inspector of the server process (forced full
 * GC, heap snapshots, heap statistics) and glibc's malloc_trim(0) called through gdb. Both
 * only ever talk to 127.0.0.1 and to the server process this run started.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import WebSocket from 'ws';

/** A free port on 127.0.0.1 for `--inspect`. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A minimal Chrome DevTools Protocol session on the server's inspector. */
export class Inspector {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, (params: Record<string, unknown>) => void>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error.message));
        else pending?.resolve(message.result);
      } else if (message.method) this.#listeners.get(message.method)?.(message.params ?? {});
    });
  }

  static async connect(port: number, timeoutMs = 10_000): Promise<Inspector> {
    const deadline = Date.now() + timeoutMs;
    let targets: { webSocketDebuggerUrl: string }[] = [];
    while (targets.length === 0) {
      try {
        targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as typeof targets;
      } catch {
        if (Date.now() > deadline) throw new Error(`no inspector on 127.0.0.1:${port}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new Inspector(socket);
  }

  call<T = unknown>(method: string, params: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method} timed out`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** A full, memory-reducing GC (what DevTools' "collect garbage" does). */
  async collectGarbage(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
  }

  /** Writes a heap snapshot (`.heapsnapshot`, loadable in DevTools) to `file`. */
  async heapSnapshot(file: string): Promise<void> {
    const out = createWriteStream(file);
    this.#listeners.set('HeapProfiler.addHeapSnapshotChunk', (params) => out.write(String(params.chunk)));
    try {
      await this.call('HeapProfiler.enable');
      await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      this.#listeners.delete('HeapProfiler.addHeapSnapshotChunk');
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      await this.call('HeapProfiler.disable');
    }
  }

  /** Evaluates an expression in the server's main context (returns its JSON value). */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.call<{ result: { value: T }; exceptionDetails?: unknown }>('Runtime.evaluate', { expression, returnByValue: true });
    if (result.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(result.exceptionDetails)}`);
    return result.result.value;
  }

  close(): void {
    this.#socket.close();
  }
}

/**
 * Calls glibc's `malloc_trim(0)` in process `pid` through gdb (returns false when gdb is
 * missing or may not attach). Under LD_PRELOAD of another allocator it finds glibc's
 * symbol all the same, which then has nothing to trim.
 */
export function mallocTrim(pid: number): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('gdb', ['-p', String(pid), '-batch', '-nx', '-ex', 'call (int) malloc_trim(0)'], { timeout: 60_000 }, (error, stdout) => {
      resolve(!error && /\$1 = [01]/.test(stdout));
    });
  });
}
