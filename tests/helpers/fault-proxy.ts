/**
 * A TCP proxy between server instances and Redis that loses pub/sub messages on purpose, the way
 * a real deployment loses them (a subscriber cut off, a failover, an output buffer overrun), so
 * the multi-instance tests can show that PostgreSQL, not Redis, decides what every instance ends
 * up with.
 *
 * Client → Redis bytes pass untouched. Redis → client bytes are split into RESP frames
 * (fault-proxy-resp.ts) and forwarded frame by frame; a fault only ever removes whole pub/sub
 * message frames, so the connection stays well-formed and every command still gets its reply.
 *
 * Faults (`setFault`), applied to the messages `match` selects (default: all):
 * - `drop-random`: each message is dropped with probability `fraction`, from a seeded PRNG so a
 *   failing run can be replayed with its seed.
 * - `drop-last-of-burst`: each message is held until the next one on its channel arrives (then
 *   the held one is forwarded) or `quietMs` pass without one (then the held one, the burst's
 *   last, is dropped). Other frames are not held back, so a held message can arrive after later
 *   frames of other channels: Redis orders per connection, but our receivers order by sequence.
 * Outages: `cut()` closes every connection; `pause()` also refuses new ones until `resume()`.
 */
import net from 'node:net';
import { Prng } from './prng.ts';
import { pubSubMessage, RespDecoder, type PubSubMessage } from './fault-proxy-resp.ts';

export type FaultMatch = (message: PubSubMessage) => boolean;

export type Fault =
  | { kind: 'none' }
  | { kind: 'drop-random'; fraction: number; match?: FaultMatch }
  | { kind: 'drop-last-of-burst'; quietMs: number; match?: FaultMatch };

export interface FaultProxyStats {
  /** Pub/sub messages passed on to a client. */
  forwarded: number;
  /** Pub/sub messages a fault removed, oldest first (channel and payload). */
  dropped: PubSubMessage[];
  /** Connections accepted since start. */
  connections: number;
  /** Connections closed because Redis sent bytes that are not RESP (then forwarded unparsed). */
  protocolErrors: number;
}

export interface FaultProxy {
  port: number;
  /** `redis://127.0.0.1:<port>`: what an instance gets as REDIS_URL. */
  url: string;
  stats: FaultProxyStats;
  setFault(fault: Fault): void;
  /** Closes every open connection (both sides); new ones are accepted at once. */
  cut(): void;
  /** Closes every open connection and refuses new ones until `resume()`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

interface Held {
  raw: Buffer;
  message: PubSubMessage;
  timer: NodeJS.Timeout;
}

/** Largest fraction a random fault may drop: 1 would be an outage, which `pause` is for. */
const maxDropFraction = 0.9;

function validate(fault: Fault): Fault {
  if (fault.kind === 'drop-random' && !(fault.fraction > 0 && fault.fraction <= maxDropFraction)) {
    throw new RangeError(`drop-random fraction must be in (0, ${maxDropFraction}], got ${fault.fraction}`);
  }
  if (fault.kind === 'drop-last-of-burst' && !(Number.isInteger(fault.quietMs) && fault.quietMs > 0)) {
    throw new RangeError(`drop-last-of-burst quietMs must be a positive integer, got ${fault.quietMs}`);
  }
  return fault;
}

export async function startFaultProxy(options: { targetPort: number; targetHost?: string; seed?: number; fault?: Fault }): Promise<FaultProxy> {
  const targetHost = options.targetHost ?? '127.0.0.1';
  const random = Prng.forLabel(options.seed ?? 1, 'fault-proxy');
  let fault = validate(options.fault ?? { kind: 'none' });
  const stats: FaultProxyStats = { forwarded: 0, dropped: [], connections: 0, protocolErrors: 0 };
  /** The teardown of each open connection. */
  const open = new Set<() => void>();

  function relay(client: net.Socket): void {
    stats.connections++;
    const upstream = net.connect({ host: targetHost, port: options.targetPort });
    const decoder = new RespDecoder();
    /** Per channel, the message `drop-last-of-burst` holds back. */
    const held = new Map<string, Held>();
    let parsing = true;

    const teardown = () => {
      if (!open.delete(teardown)) return;
      for (const entry of held.values()) clearTimeout(entry.timer);
      held.clear();
      client.destroy();
      upstream.destroy();
    };
    open.add(teardown);
    client.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
    client.on('data', (chunk: Buffer) => {
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    client.on('drain', () => upstream.resume());

    const send = (raw: Buffer) => {
      if (!client.write(raw)) upstream.pause();
    };
    const forwardHeld = (channel: string) => {
      const entry = held.get(channel);
      if (!entry) return;
      clearTimeout(entry.timer);
      held.delete(channel);
      stats.forwarded++;
      send(entry.raw);
    };

    upstream.on('data', (chunk: Buffer) => {
      if (!parsing) return send(chunk);
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch {
        // Not RESP: nothing here can tell messages apart any more, so end the connection the
        // way a broken Redis link ends; the client reconnects and the test sees the count.
        stats.protocolErrors++;
        parsing = false;
        teardown();
        return;
      }
      for (const frame of frames) {
        const message = pubSubMessage(frame.value);
        const subject = message !== null && fault.kind !== 'none' && (fault.match?.(message) ?? true);
        if (!message || !subject) {
          if (message) stats.forwarded++;
          send(frame.raw);
          continue;
        }
        if (fault.kind === 'drop-random') {
          if (random.bool(fault.fraction)) stats.dropped.push(message);
          else {
            stats.forwarded++;
            send(frame.raw);
          }
        } else if (fault.kind === 'drop-last-of-burst') {
          forwardHeld(message.channel);
          const timer = setTimeout(() => {
            // The burst is over: its last message is the one lost.
            held.delete(message.channel);
            stats.dropped.push(message);
          }, fault.quietMs);
          held.set(message.channel, { raw: frame.raw, message, timer });
        }
      }
    });
  }

  let server = net.createServer(relay);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  let paused = false;

  const cut = () => {
    for (const teardown of [...open]) teardown();
  };
  const closeListener = () => new Promise<void>((resolve) => server.close(() => resolve()));

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stats,
    setFault(next) {
      fault = validate(next);
    },
    cut,
    async pause() {
      if (paused) return;
      paused = true;
      // Closing the listener first: a client reconnecting at once gets ECONNREFUSED, as from a
      // Redis that is down, not a connection that opens and dies.
      const closed = closeListener();
      cut();
      await closed;
    },
    async resume() {
      if (!paused) return;
      server = net.createServer(relay);
      // The same port again: the instances keep the URL they were started with.
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
      paused = false;
    },
    async close() {
      const closed = paused ? Promise.resolve() : closeListener();
      paused = true;
      cut();
      await closed;
    },
  };
}
