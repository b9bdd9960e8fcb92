import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const serverMain = path.resolve(import.meta.dirname, '../../apps/server/src/main.ts');

export interface ChildServer {
  process: ChildProcess;
  port: number;
  url: string;
  wsUrl: string;
  /** Log lines the server printed (JSON objects). */
  logs: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `apps/server/src/main.ts` in its own process, as an operator would, on a free port;
 * `main`: another entry, such as the bundle `pnpm start` runs (apps/server/build.ts).
 */
export async function startChildServer(dataDir: string, env: Record<string, string> = {}, { main = serverMain } = {}): Promise<ChildServer> {
  // Type stripping is on by default from Node 22.18; engines allows 22.14, which needs the flag.
  const child = spawn(process.execPath, [...(main.endsWith('.ts') ? ['--experimental-strip-types'] : []), main], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s: ${stderr}`)), 20_000);
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'could not start') reject(new Error(`server exited (1) before listening: ${JSON.stringify(entry.err)}`));
      if (entry.msg === 'koppelbord listening' && typeof entry.port === 'number') {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
  });
  return {
    process: child,
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    logs,
    exited,
    kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
}
