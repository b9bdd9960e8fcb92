/**
 * Checks on what the server holds: fetch its state over a raw socket (sync step 1 with an
 * empty state vector, take the step-2 payload), apply it to a fresh Y.Doc inside a try/catch,
 * and look for pending structs/deletes and for every key the honest clients wrote.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { emptyStateVector, inspectMessage, MessageType, syncStep1Frame } from './frames.ts';
import { stackHead } from './server-observer.ts';

export type FetchResult = { ok: true; update: Uint8Array } | { ok: false; error: string; closeCode?: number };

/** The server's full state for a board, as a fresh client would receive it. */
export function fetchState(wsUrl: string, boardId: string, token: string, timeoutMs = 10_000): Promise<FetchResult> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${wsUrl}/${boardId}?token=${encodeURIComponent(token)}`);
    let settled = false;
    const finish = (result: FetchResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `no sync step 2 within ${timeoutMs} ms` }), timeoutMs);
    socket.on('open', () => socket.send(syncStep1Frame(emptyStateVector())));
    socket.on('message', (data: Buffer) => {
      const message = inspectMessage(data);
      if (message.type === MessageType.sync && message.step === 1 && message.payload) finish({ ok: true, update: message.payload.slice() });
    });
    socket.on('close', (code, reason) => finish({ ok: false, error: `closed with ${code} ${reason.toString()}`.trim(), closeCode: code }));
    socket.on('error', (error) => finish({ ok: false, error: `socket error: ${error.message}` }));
  });
}

export interface HonestKeys {
  mapName: string;
  keys: ReadonlyMap<string, string>;
}

export interface KeyCheck {
  mapName: string;
  written: number;
  missing: number;
  wrong: number;
  /** A few missing keys (for the report). */
  examples: string[];
}

export interface StateCheck {
  applied: boolean;
  /** `Error: message` and the first stack frames when applying threw. */
  error?: string;
  bytes: number;
  pendingStructs: string | null;
  pendingDs: string | null;
  keys: KeyCheck[];
  /** The doc the state was applied to (callers may inspect it further, then destroy it). */
  doc: Y.Doc;
}

export function checkKeys(doc: Y.Doc, honest: readonly HonestKeys[]): KeyCheck[] {
  return honest.map(({ mapName, keys }) => {
    const map = doc.getMap<unknown>(mapName);
    let missing = 0;
    let wrong = 0;
    const examples: string[] = [];
    for (const [key, value] of keys) {
      const stored = map.get(key);
      if (stored === undefined) {
        missing++;
        if (examples.length < 5) examples.push(key);
      } else if (stored !== value) wrong++;
    }
    return { mapName, written: keys.size, missing, wrong, examples };
  });
}

export function describePending(doc: Y.Doc): { pendingStructs: string | null; pendingDs: string | null } {
  const { pendingStructs, pendingDs } = doc.store;
  return {
    pendingStructs: pendingStructs
      ? `${pendingStructs.update.length} B waiting for ${[...pendingStructs.missing]
          .slice(0, 4)
          .map(([client, clock]) => `${client}@${clock}`)
          .join(', ')}`
      : null,
    pendingDs: pendingDs ? `${pendingDs.length} B of deletes for unknown structs` : null,
  };
}

export function describeError(error: unknown): string {
  const err = error instanceof Error ? error : new Error(String(error));
  const where = stackHead(err.stack ?? '', 4);
  return `${err.name}: ${err.message}${where ? ` @ ${where}` : ''}`;
}

/** Applies `update` to a fresh doc without letting it throw, then checks pending state and keys. */
export function checkState(update: Uint8Array, honest: readonly HonestKeys[]): StateCheck {
  const doc = new Y.Doc();
  let applied = true;
  let error: string | undefined;
  try {
    Y.applyUpdate(doc, update);
  } catch (caught) {
    applied = false;
    error = describeError(caught);
  }
  return { applied, error, bytes: update.length, ...describePending(doc), keys: checkKeys(doc, honest), doc };
}

/** Nesting depth of a plain value (iterative: the value may be deeper than the stack). */
export function valueDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null || current instanceof Uint8Array) continue;
    max = Math.max(max, depth + 1);
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, depth + 1]);
  }
  return max;
}
