/**
 * A small typed request/reply layer over the IPC channel of `child_process.fork`, used between
 * the orchestrator and its server and client processes. Every call has a timeout and every
 * child dies with its parent, so a failed or interrupted run never leaves load running.
 */
import { fork, type ChildProcess } from 'node:child_process';

/** A command set: command name → its argument and result types. */
export type Commands = Record<string, { args: unknown; result: unknown }>;

export type Handlers<C extends Commands> = {
  [K in keyof C]: (args: C[K]['args']) => C[K]['result'] | Promise<C[K]['result']>;
};

interface RequestMessage {
  rpc: 'request';
  id: number;
  name: string;
  args: unknown;
}

type ReplyMessage = { rpc: 'reply'; id: number; ok: true; result: unknown } | { rpc: 'reply'; id: number; ok: false; error: string };

interface ReadyMessage {
  rpc: 'ready';
  info: unknown;
}

const isMessage = (value: unknown): value is { rpc: string } =>
  typeof value === 'object' && value !== null && typeof (value as { rpc?: unknown }).rpc === 'string';

/** Every child this process started and that has not exited yet. */
const liveChildren = new Set<ChildProcess>();

/** Kills every child still running (used on exit, failure and signals). */
export function killAllChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
  liveChildren.clear();
}

export class RpcChild<C extends Commands> {
  readonly label: string;
  readonly process: ChildProcess;
  /** Resolves when the process has exited, however that happened. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #nextId = 1;
  #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  #exitError: Error | undefined;

  constructor(child: ChildProcess, label: string) {
    this.label = label;
    this.process = child;
    child.on('message', (message: unknown) => {
      if (!isMessage(message) || message.rpc !== 'reply') return;
      const reply = message as ReplyMessage;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      clearTimeout(pending.timer);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(`${label}: ${reply.error}`));
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        liveChildren.delete(child);
        this.#exitError = new Error(`${label} exited (code ${code}, signal ${signal})`);
        for (const pending of this.#pending.values()) {
          clearTimeout(pending.timer);
          pending.reject(this.#exitError);
        }
        this.#pending.clear();
        resolve({ code, signal });
      });
    });
  }

  call<K extends keyof C & string>(name: K, args: C[K]['args'], timeoutMs = 120_000): Promise<C[K]['result']> {
    if (this.#exitError) return Promise.reject(this.#exitError);
    const id = this.#nextId++;
    return new Promise<C[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.label}: ${name} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      const request: RequestMessage = { rpc: 'request', id, name, args };
      this.process.send(request, (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(new Error(`${this.label}: cannot send ${name}: ${error.message}`));
      });
    });
  }

  /** Asks nicely (the `stop` handler of the child is expected to exit), then kills after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#exitError) return;
    const kill = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    if (this.process.connected) this.process.disconnect();
    await this.exited;
    clearTimeout(kill);
  }
}

/**
 * Forks `script` (a .ts file run by Node's type stripping) and waits for its ready message.
 * The child's stdout goes to our stderr: stdout is reserved for the final JSON document.
 */
export async function startChild<C extends Commands, Info>(
  script: string,
  args: string[],
  label: string,
  options: { env?: NodeJS.ProcessEnv; readyTimeoutMs?: number } = {},
): Promise<{ child: RpcChild<C>; info: Info }> {
  const child = fork(script, args, { stdio: ['ignore', 2, 2, 'ipc'], env: options.env ?? process.env });
  liveChildren.add(child);
  const rpc = new RpcChild<C>(child, label);
  const info = await new Promise<Info>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} was not ready within ${options.readyTimeoutMs ?? 30_000} ms`)), options.readyTimeoutMs ?? 30_000);
    child.on('message', (message: unknown) => {
      if (isMessage(message) && message.rpc === 'ready') {
        clearTimeout(timer);
        resolve((message as ReadyMessage).info as Info);
      }
    });
    void rpc.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${label} exited before it was ready`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { child: rpc, info };
}

/**
 * Child side: answers the parent's requests with `handlers`, announces `info` once ready.
 * When the parent disconnects (it stopped us, or it died) `onDisconnect` runs and we exit.
 */
export function serveParent<C extends Commands>(handlers: Handlers<C>, onDisconnect: () => Promise<void> | void): { ready(info: unknown): void } {
  const send = process.send?.bind(process);
  if (!send) throw new Error('this script must be started by the benchmark (child_process.fork)');
  process.on('message', (message: unknown) => {
    if (!isMessage(message) || message.rpc !== 'request') return;
    const { id, name, args } = message as RequestMessage;
    const handler = handlers[name] as ((args: unknown) => unknown) | undefined;
    void (async () => {
      let reply: ReplyMessage;
      try {
        if (!handler) throw new Error(`unknown command ${name}`);
        reply = { rpc: 'reply', id, ok: true, result: await handler(args) };
      } catch (error) {
        reply = { rpc: 'reply', id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      if (process.connected) send(reply);
    })();
  });
  process.on('disconnect', () => {
    // Bounded: whatever the cleanup does, the process is gone within 5 s.
    setTimeout(() => process.exit(0), 5_000).unref();
    void Promise.resolve()
      .then(onDisconnect)
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(0));
  });
  return {
    ready(info: unknown) {
      send({ rpc: 'ready', info } satisfies ReadyMessage);
    },
  };
}
