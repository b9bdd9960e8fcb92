import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

let reached: NodeJS.GCFunction | null | undefined;

/**
 * V8's `gc`, taken once for the process from a fresh context with `--expose-gc` set for that
 * moment only, so no later context (and no other code) gets it; null when it cannot be reached.
 */
export function v8Gc(): NodeJS.GCFunction | null {
  if (reached !== undefined) return reached;
  try {
    v8.setFlagsFromString('--expose-gc');
    reached = runInNewContext('gc') as NodeJS.GCFunction;
  } catch {
    reached = null;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
  return reached;
}
