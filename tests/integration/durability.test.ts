import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { createBoard, tempDataDir, tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function childServer(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const server = await startChildServer(dataDir, env);
  cleanup.push(() => (server.process.exitCode === null && server.process.signalCode === null ? server.kill('SIGKILL') : undefined));
  return server;
}

async function client(server: ChildServer, boardId: string, token: string): Promise<TestClient> {
  const c = await connectSynced(server.wsUrl, boardId, token);
  cleanup.push(() => c.destroy());
  return c;
}

function newDataDir(): string {
  const dir = tempDataDir();
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function metric(server: ChildServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = text.match(new RegExp(`^${name} (\\S+)$`, 'm'));
  return match ? Number(match[1]) : 0;
}

describe('durable before visible', () => {
  it('every update a client has received survives kill -9 of the server', async () => {
    const dataDir = newDataDir();
    let server = await childServer(dataDir);
    const board = await createBoard(server.url);
    const token = tokenOf(board.links.edit);
    const writer = await client(server, board.id, token);
    const observer = await client(server, board.id, token);

    // The writer keeps writing while the server is killed mid-stream.
    let written = 0;
    const shapes = writer.doc.getMap<number>('shapes');
    const writing = setInterval(() => {
      for (let i = 0; i < 20 && written < 5_000; i++) shapes.set(`shape-${written}`, written++);
    }, 1);
    cleanup.push(() => clearInterval(writing));
    await waitFor(() => observer.doc.getMap('shapes').size >= 500, 'the observer to receive 500 updates', 20_000);
    await server.kill('SIGKILL');
    clearInterval(writing);

    // Whatever reached the observer before the process died is what must have been stored.
    const seen = [...observer.doc.getMap<number>('shapes').keys()];
    expect(seen.length).toBeGreaterThanOrEqual(500);
    // Neither old client may push its copy back: the restarted server must hold it on its own.
    writer.destroy();
    observer.destroy();

    server = await childServer(dataDir);
    const fresh = await client(server, board.id, token);
    const restored = fresh.doc.getMap<number>('shapes');
    const missing = seen.filter((key) => !restored.has(key));
    expect(missing).toEqual([]);
  });

  it('compaction and restart keep the document byte-for-byte', async () => {
    const dataDir = newDataDir();
    let server = await childServer(dataDir, { COMPACT_ROWS: '20' });
    const board = await createBoard(server.url);
    const token = tokenOf(board.links.edit);
    const writer = await client(server, board.id, token);
    const text = writer.doc.getText('notes');
    const shapes = writer.doc.getMap('shapes');
    // Inserts, overwrites and deletions, each in its own turn, so the log grows past the threshold.
    for (let i = 0; i < 120; i++) {
      writer.doc.transact(() => {
        shapes.set(`s${i % 30}`, { x: i, label: `kans ${i}` });
        if (i % 7 === 0) shapes.delete(`s${(i + 3) % 30}`);
        text.insert(text.length, `${i} `);
        if (i % 5 === 0) text.delete(0, 2);
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const reader = await client(server, board.id, token);
    await waitFor(() => reader.doc.getText('notes').toString() === text.toString(), 'reader to catch up');
    await waitFor(async () => (await metric(server, 'koppelbord_compactions_total')) >= 1, 'a compaction');
    const before = Y.encodeStateAsUpdate(reader.doc);
    writer.destroy();
    reader.destroy();

    // Killed: the next load is the compacted snapshot plus the log tail.
    await server.kill('SIGKILL');
    server = await childServer(dataDir, { COMPACT_ROWS: '20' });
    const afterKill = await client(server, board.id, token);
    expect(Buffer.from(Y.encodeStateAsUpdate(afterKill.doc))).toEqual(Buffer.from(before));
    afterKill.destroy();

    // Graceful stop compacts everything into one snapshot; loading it gives the same bytes.
    const { code } = await server.kill('SIGTERM');
    expect(code).toBe(0);
    server = await childServer(dataDir);
    const afterStop = await client(server, board.id, token);
    expect(Buffer.from(Y.encodeStateAsUpdate(afterStop.doc))).toEqual(Buffer.from(before));
    expect(afterStop.doc.getMap('shapes').toJSON()).toEqual(shapes.toJSON());
  });

  it('refuses a second server on the same data directory', async () => {
    const dataDir = newDataDir();
    const first = await childServer(dataDir);
    const board = await createBoard(first.url);
    // Two processes with their own in-memory copies of one board would diverge silently.
    await expect(startChildServer(dataDir)).rejects.toThrow(/exited \(1\) before listening/);
    const stillServing = await client(first, board.id, tokenOf(board.links.edit));
    expect(stillServing.provider.synced).toBe(true);
  });
});
