/** Orchestrator side of the client processes: start them, give each its share, ask them all. */
import path from 'node:path';
import { startChild, type RpcChild } from './ipc.ts';
import type { WorkerCommands } from './protocol.ts';

const script = path.join(import.meta.dirname, 'client-worker.ts');

export class ClientPool {
  readonly workers: RpcChild<WorkerCommands>[];

  private constructor(workers: RpcChild<WorkerCommands>[]) {
    this.workers = workers;
  }

  static async start(count: number): Promise<ClientPool> {
    const started = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => startChild<WorkerCommands, { pid: number }>(script, [], `client worker ${i}`)),
    );
    const workers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.child] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      await Promise.all(workers.map((worker) => worker.stop()));
      throw failed.reason;
    }
    return new ClientPool(workers);
  }

  /** Deals `items` round-robin over the workers (so a board's clients are spread over processes). */
  deal<T>(items: readonly T[]): T[][] {
    const shares: T[][] = this.workers.map(() => []);
    items.forEach((item, i) => shares[i % shares.length]!.push(item));
    return shares;
  }

  /** Sends the same command to every worker, with per-worker arguments. */
  all<K extends keyof WorkerCommands & string>(
    name: K,
    argsFor: (index: number) => WorkerCommands[K]['args'],
    timeoutMs?: number,
  ): Promise<WorkerCommands[K]['result'][]> {
    return Promise.all(this.workers.map((worker, i) => worker.call(name, argsFor(i), timeoutMs)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }
}
