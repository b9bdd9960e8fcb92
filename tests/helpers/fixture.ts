import { afterAll, beforeAll } from 'vitest';
import type { ConfigOverrides } from '@koppelbord/server';
import { connectSynced, type TestClient } from './client.ts';
import { startTestServer, type TestServer } from './server.ts';

export interface ServerFixture {
  /** The running server; a test may replace it (e.g. to restart on the same data). */
  server: TestServer;
  /** Clients destroyed after the file's tests. */
  clients: TestClient[];
  /** A stock client, synced, destroyed after the file. */
  join(boardId: string, token: string): Promise<TestClient>;
  /** Reads one sample of a Prometheus metric (0 when absent). */
  metric(name: string): Promise<number>;
}

/** One real server for a test file: started before its tests, stopped (with its clients) after. */
export function useTestServer(overrides: ConfigOverrides = {}): ServerFixture {
  const fixture: ServerFixture = {
    server: undefined as unknown as TestServer,
    clients: [],
    async join(boardId, token) {
      const client = await connectSynced(fixture.server.wsUrl, boardId, token);
      fixture.clients.push(client);
      return client;
    },
    async metric(name) {
      const text = await (await fetch(`${fixture.server.url}/metrics`)).text();
      const escaped = name.replace(/[{}"[\]().*+?^$|\\]/g, '\\$&');
      return Number(text.match(new RegExp(`^${escaped} (\\S+)$`, 'm'))?.[1] ?? 0);
    },
  };
  beforeAll(async () => {
    fixture.server = await startTestServer(overrides);
  });
  afterAll(async () => {
    for (const client of fixture.clients.splice(0)) client.destroy();
    await fixture.server.stop();
  });
  return fixture;
}
