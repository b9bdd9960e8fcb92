/**
 * The Redis fault proxy against a real redis-server: what it drops, what it never touches, and
 * its outages. Clients here speak RESP by hand (the proxy's own encoder and decoder), so the test
 * depends on no Redis client library and covers RESP2 arrays and RESP3 pushes alike.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCommand, pubSubMessage, RespDecoder, type RespValue } from '../helpers/fault-proxy-resp.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { waitFor } from '../helpers/wait.ts';

/** A hand-rolled RESP connection: writes commands, keeps every frame it receives. */
class RawClient {
  readonly replies: RespValue[] = [];
  readonly messages: { channel: string; payload: string }[] = [];
  closed = false;
  readonly #socket: net.Socket;
  readonly #decoder = new RespDecoder();

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.#decoder.push(chunk)) {
        const message = pubSubMessage(frame.value);
        if (message) this.messages.push({ channel: message.channel, payload: message.payload.toString() });
        else this.replies.push(frame.value);
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a command and waits for its reply (the next non-message frame). */
  async command(...args: string[]): Promise<RespValue> {
    const before = this.replies.length;
    this.#socket.write(encodeCommand(args));
    await waitFor(() => this.replies.length > before, `a reply to ${args[0]}`, 5_000);
    return this.replies[before]!;
  }

  /** Sends commands in one write and waits for all their replies. */
  async pipeline(commands: string[][]): Promise<void> {
    const until = this.replies.length + commands.length;
    this.#socket.write(Buffer.concat(commands.map((args) => encodeCommand(args))));
    await waitFor(() => this.replies.length >= until, `${commands.length} replies`, 5_000);
  }

  close(): void {
    this.#socket.destroy();
  }
}

let redis: RedisServer;
let publisher: RawClient;
const proxies: FaultProxy[] = [];
const clients: RawClient[] = [];

async function proxied(proxy: FaultProxy, protocol: 2 | 3): Promise<RawClient> {
  const client = await RawClient.connect(proxy.port);
  clients.push(client);
  if (protocol === 3) expect((await client.command('HELLO', '3')).type).toBe('map');
  return client;
}

async function proxy(options: Omit<Parameters<typeof startFaultProxy>[0], 'targetPort'> = {}): Promise<FaultProxy> {
  const started = await startFaultProxy({ targetPort: redis.port, ...options });
  proxies.push(started);
  return started;
}

async function publish(channel: string, count: number, prefix = 'm'): Promise<void> {
  await publisher.pipeline(Array.from({ length: count }, (_, i) => ['PUBLISH', channel, `${prefix}${i}`]));
}

beforeAll(async () => {
  redis = await startRedis();
  publisher = await RawClient.connect(redis.port);
});

afterAll(async () => {
  for (const client of clients) client.close();
  publisher?.close();
  await Promise.all(proxies.map((p) => p.close()));
  await redis?.stop();
});

describe('fault proxy', () => {
  it('passes commands, replies and every message through when no fault is set', async () => {
    const p = await proxy();
    const client = await proxied(p, 2);
    expect(await client.command('SET', 'k', 'v')).toEqual({ type: 'simple', value: 'OK' });
    expect(await client.command('GET', 'k')).toEqual({ type: 'bulk', value: Buffer.from('v') });
    await client.command('SUBSCRIBE', 'u:pass');
    await publish('u:pass', 50);
    await waitFor(() => client.messages.length === 50, 'all 50 messages', 5_000);
    expect(client.messages.map((m) => m.payload)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    expect(p.stats).toMatchObject({ forwarded: 50, dropped: [], protocolErrors: 0 });
  });

  it('drops a seeded random fraction of the matching messages, and only of those', async () => {
    const runs: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const p = await proxy({ seed: 42, fault: { kind: 'drop-random', fraction: 0.3, match: (m) => m.channel.startsWith('u:') } });
      const client = await proxied(p, 2);
      await client.command('SUBSCRIBE', 'u:random');
      await client.command('SUBSCRIBE', 'other');
      await publish('u:random', 200, `r${run}-`);
      await publish('other', 20, `o${run}-`);
      await waitFor(() => client.messages.length + p.stats.dropped.length === 220, 'every message forwarded or dropped', 5_000);
      const received = client.messages.filter((m) => m.channel === 'u:random').map((m) => m.payload);
      const dropped = p.stats.dropped.map((m) => m.payload.toString());
      expect(client.messages.filter((m) => m.channel === 'other')).toHaveLength(20);
      expect(p.stats.dropped.every((m) => m.channel === 'u:random')).toBe(true);
      expect(dropped.length).toBeGreaterThan(30);
      expect(dropped.length).toBeLessThan(90);
      expect(new Set([...received, ...dropped]).size).toBe(200);
      runs.push(dropped.map((payload) => payload.replace(`r${run}-`, '')));
    }
    // The same seed drops the same messages: a failing run can be replayed.
    expect(runs[1]).toEqual(runs[0]);
  });

  it('drops exactly the last message of each burst, RESP3 pushes included', async () => {
    const p = await proxy({ fault: { kind: 'drop-last-of-burst', quietMs: 150 } });
    const client = await proxied(p, 3);
    await client.command('SUBSCRIBE', 'u:burst');
    await publish('u:burst', 5, 'a');
    await waitFor(() => p.stats.dropped.length === 1, 'the end of the first burst', 5_000);
    // Replies are never held back: this one arrives while the burst's last message is held.
    await publish('u:burst', 3, 'b');
    expect(await client.command('PING')).toEqual({ type: 'simple', value: 'PONG' });
    await waitFor(() => p.stats.dropped.length === 2, 'the end of the second burst', 5_000);
    expect(client.messages.map((m) => m.payload)).toEqual(['a0', 'a1', 'a2', 'a3', 'b0', 'b1']);
    expect(p.stats.dropped.map((m) => m.payload.toString())).toEqual(['a4', 'b2']);
  });

  it('cuts every connection and refuses new ones while paused, then serves again on the same port', async () => {
    const p = await proxy();
    const client = await proxied(p, 2);
    await client.command('SUBSCRIBE', 'u:pause');
    await p.pause();
    await waitFor(() => client.closed, 'the open connection to be cut', 5_000);
    await expect(RawClient.connect(p.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await p.resume();
    const again = await proxied(p, 2);
    await again.command('SUBSCRIBE', 'u:pause');
    await publish('u:pause', 3);
    await waitFor(() => again.messages.length === 3, 'messages after resume', 5_000);
    p.cut();
    await waitFor(() => again.closed, 'cut to close the connection', 5_000);
    expect((await proxied(p, 2)).closed).toBe(false);
  });

  it('refuses a fault that is not one', async () => {
    const p = await proxy();
    expect(() => p.setFault({ kind: 'drop-random', fraction: 1 })).toThrow(RangeError);
    expect(() => p.setFault({ kind: 'drop-last-of-burst', quietMs: 0 })).toThrow(RangeError);
  });
});
