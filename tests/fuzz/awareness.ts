/**
 * Awareness updates (y-protocols/awareness `encodeAwarenessUpdate`) written by hand:
 *   varUint #entries, (varUint clientId, varUint clock, varString stateJson)*
 * The state is JSON text as given, so it may be invalid, deep, huge, or `null` (a removal).
 */
import * as encoding from 'lib0/encoding';
import { deepJson } from './yjs-update.ts';

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text; `'null'` removes the client. */
  json: string;
}

export function awarenessUpdate(entries: readonly AwarenessEntry[], declaredCount = entries.length): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, declaredCount);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/** A presence state shaped like the app's (`{user, presence}`), with a name of our choosing. */
export function presenceJson(name: string, x = 0, y = 0): string {
  return JSON.stringify({ user: { name, color: '#d33' }, presence: { cursor: { x, y, type: 'default', rotation: 0 } } });
}

/** A state whose JSON text is about `bytes` long (one long string field). */
export function hugeStateJson(bytes: number): string {
  return JSON.stringify({ user: { name: 'x'.repeat(Math.max(0, bytes - 30)) } });
}

/** A state nested `depth` arrays deep (or objects), as JSON text. */
export function deepStateJson(depth: number, shape: 'array' | 'object' | 'mixed' = 'array'): string {
  return shape === 'array' ? `{"user":${deepJson(depth, 'array')}}` : `{"user":${deepJson(depth, shape)}}`;
}

/** JSON texts that are not an object: what a careless peer or an attacker might announce. */
export const nonObjectJson: readonly string[] = ['0', '-1', '1e308', '"a string"', 'true', 'false', '[]', '[1,2,3]', '""', '[null]', '{"__proto__":{"polluted":true}}'];

/** Texts that are not JSON at all. */
export const invalidJson: readonly string[] = ['', '{', '{no', 'undefined', 'NaN', '{"a":1,}', "{'a':1}", '\u0000', '{"a":"\ud800"}', '}{', '[[[[[['];
