import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@koppelbord/contract';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { createBoard, tempDataDir, tokenOf } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const dataDir = tempDataDir();
const clients: TestClient[] = [];
let server: ChildServer | undefined;
afterAll(async () => {
  for (const client of clients) client.destroy();
  if (server && server.process.exitCode === null) await server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal}: flushes, compacts, closes clients with 1012 and exits 0`, async () => {
      server = await startChildServer(dataDir);
      const board = await createBoard(server.url);
      const token = tokenOf(board.links.edit);
      const writer = await connectSynced(server.wsUrl, board.id, token);
      const other = await connectSynced(server.wsUrl, board.id, token);
      clients.push(writer, other);
      for (let i = 0; i < 50; i++) writer.doc.getMap('shapes').set(`s${i}`, i);
      await waitFor(() => other.doc.getMap('shapes').size === 50, 'the edits to arrive');
      // Stop reconnecting once closed, so the old clients cannot restore anything themselves.
      writer.provider.on('connection-close', () => (writer.provider.shouldConnect = false));
      other.provider.on('connection-close', () => (other.provider.shouldConnect = false));

      const { code } = await server.kill(signal);
      expect(code).toBe(0);
      // The close frames were sent before the exit; the clients may read them a moment later.
      expect((await waitFor(() => writer.closes[0], 'the writer’s close')).code).toBe(CloseCode.serviceRestart);
      expect((await waitFor(() => other.closes[0], 'the other client’s close')).code).toBe(CloseCode.serviceRestart);
      expect(server.logs.find((line) => line.msg === 'sync drained')).toMatchObject({ flushed: true, compactedBoards: 1, closedConnections: 2 });
      expect(server.logs.some((line) => line.msg === 'koppelbord stopped')).toBe(true);
      writer.destroy();
      other.destroy();

      server = await startChildServer(dataDir);
      const fresh = await connectSynced(server.wsUrl, board.id, token);
      clients.push(fresh);
      expect(fresh.doc.getMap('shapes').size).toBe(50);
      await server.kill('SIGTERM');
    });
  }

  it('never writes a token into its logs', async () => {
    server = await startChildServer(dataDir, { LOG_LEVEL: 'debug' });
    const board = await createBoard(server.url);
    const token = tokenOf(board.links.edit);
    const client = await connectSynced(server.wsUrl, board.id, token);
    clients.push(client);
    await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${server.url}/sync/${board.id}?token=${token}`);
    client.destroy();
    await server.kill('SIGTERM');
    const logged = JSON.stringify(server.logs);
    expect(server.logs.length).toBeGreaterThan(3);
    expect(logged).not.toContain(token.split('.')[2]);
    expect(logged).not.toContain(tokenOf(board.links.view).split('.')[2]);
    expect(logged).not.toContain(board.ownerToken.split('.')[2]);
  });
});
