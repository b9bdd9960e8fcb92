/**
 * The server on PostgreSQL (`DATABASE_URL`), as a real process: the durability promise holds
 * there too, and compaction plus restart keep the board. The store contract itself is tested
 * in apps/server/test/storage-contract against both backends.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { dropDatabase, freshDatabaseUrl } from '../helpers/postgres.ts';
import { createBoard, tempDataDir, tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function childServer(env: Record<string, string>): Promise<ChildServer> {
  const dataDir = tempDataDir();
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  // The same signing key for every start: DATA_DIR (where one would be generated) is new each time.
  const server = await startChildServer(dataDir, { AUTH_SECRET: 'a-test-secret-that-is-long-enough-0123456789', ...env });
  cleanup.push(() => (server.process.exitCode === null && server.process.signalCode === null ? server.kill('SIGKILL') : undefined));
  return server;
}

async function client(server: ChildServer, boardId: string, token: string): Promise<TestClient> {
  const c = await connectSynced(server.wsUrl, boardId, token);
  cleanup.push(() => c.destroy());
  return c;
}

async function database(): Promise<string> {
  const url = await freshDatabaseUrl();
  cleanup.push(() => dropDatabase(url));
  return url;
}

async function metric(server: ChildServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = text.match(new RegExp(`^${name} (\\S+)$`, 'm'));
  return match ? Number(match[1]) : 0;
}

describe('the server on PostgreSQL', () => {
  it('every update a client has received survives kill -9, and compaction plus restart keep the board', async () => {
    const env = { DATABASE_URL: await database(), COMPACT_ROWS: '50' };
    let server = await childServer(env);
    const board = await createBoard(server.url);
    const token = tokenOf(board.links.edit);
    const writer = await client(server, board.id, token);
    const observer = await client(server, board.id, token);

    let written = 0;
    const shapes = writer.doc.getMap<number>('shapes');
    const writing = setInterval(() => {
      for (let i = 0; i < 10 && written < 3_000; i++) shapes.set(`shape-${written}`, written++);
    }, 1);
    cleanup.push(() => clearInterval(writing));
    await waitFor(() => observer.doc.getMap('shapes').size >= 300, 'the observer to receive 300 updates', 20_000);
    await waitFor(async () => (await metric(server, 'koppelbord_compactions_total')) >= 1, 'a compaction', 20_000);
    await server.kill('SIGKILL');
    clearInterval(writing);

    const seen = [...observer.doc.getMap<number>('shapes').keys()];
    writer.destroy();
    observer.destroy();

    // Another process on the same database (another instance, or this one restarted).
    server = await childServer(env);
    const fresh = await client(server, board.id, token);
    const restored = fresh.doc.getMap<number>('shapes');
    expect(seen.filter((key) => !restored.has(key))).toEqual([]);
    expect(restored.size).toBeGreaterThanOrEqual(300);
  });

  it('refuses to start on a bad DATABASE_URL without printing its password', async () => {
    const url = new URL(await database());
    url.username = 'nobody';
    url.password = 'hunter2-secret';
    const failed = await childServer({ DATABASE_URL: url.toString() }).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(String(failed)).not.toContain('hunter2');
  });
});
