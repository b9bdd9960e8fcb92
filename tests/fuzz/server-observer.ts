/**
 * What the server says about itself: counters from GET /metrics and the child's log lines
 * (pino JSON). Today's server logs an exception that reached the process-level handler as
 * msg 'uncaught exception' (level 60) and keeps serving; the counters
 * `koppelbord_uncaught_exceptions_total` / `koppelbord_handler_errors_total` may be absent on
 * older builds, which counts as 0.
 */

export interface ServerCounters {
  uncaughtExceptions: number;
  handlerErrors: number;
  /** `koppelbord_rejected_messages_total` by reason. */
  rejected: Record<string, number>;
  /** `koppelbord_connections` summed over roles: sockets the server believes open. */
  connections: number;
  /** Whether /metrics answered at all. */
  scraped: boolean;
}

export async function scrapeCounters(baseUrl: string, timeoutMs = 5_000): Promise<ServerCounters> {
  const counters: ServerCounters = { uncaughtExceptions: 0, handlerErrors: 0, rejected: {}, connections: 0, scraped: false };
  let text: string;
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return counters;
    text = await response.text();
  } catch {
    return counters;
  }
  counters.scraped = true;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-z_]+)(\{[^}]*\})?\s+([0-9.eE+-]+)$/.exec(line.trim());
    if (!match) continue;
    const [, name, labels, value] = match;
    const number = Number(value);
    if (name === 'koppelbord_uncaught_exceptions_total') counters.uncaughtExceptions += number;
    else if (name === 'koppelbord_handler_errors_total') counters.handlerErrors += number;
    else if (name === 'koppelbord_connections') counters.connections += number;
    else if (name === 'koppelbord_rejected_messages_total') {
      const reason = /reason="([^"]*)"/.exec(labels ?? '')?.[1] ?? '';
      counters.rejected[reason] = (counters.rejected[reason] ?? 0) + number;
    }
  }
  return counters;
}

export interface LogSignature {
  /** `msg` of the log line. */
  msg: string;
  level: number;
  /** `Error.name: message` of the logged `err`, if any. */
  error: string;
  /** The first stack frames (file:line and function), paths shortened. */
  where: string;
  count: number;
  firstAt: number;
  /** Times of the first few occurrences (for attributing them to cases). */
  times: number[];
}

export interface LogSummary {
  /** Lines with msg 'uncaught exception'. */
  uncaught: number;
  /** Lines at level error (50) or fatal (60), the uncaught ones included. */
  errorLevel: number;
  /** Distinct error-level lines, most frequent first. */
  signatures: LogSignature[];
}

interface LoggedError {
  type?: unknown;
  message?: unknown;
  stack?: unknown;
}

/** Shortens a stack to its first `frames` frames: `fn (file.js:line)`. */
export function stackHead(stack: string, frames = 4): string {
  return stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/^at /, ''))
    .filter((line) => line.length > 0)
    .slice(0, frames)
    .map((line) => line.replace(/\(?(?:file:\/\/)?\/[^()]*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/g, '(').replace(/\(?(?:file:\/\/)?\/[^()]*\/(apps|packages|tests)\//g, '($1/'))
    .join(' < ');
}

/** Groups the error-level log lines from index `from` on. */
export function summariseLogs(logs: readonly Record<string, unknown>[], from = 0): LogSummary {
  const byKey = new Map<string, LogSignature>();
  let uncaught = 0;
  let errorLevel = 0;
  for (let i = from; i < logs.length; i++) {
    const entry = logs[i]!;
    const level = typeof entry.level === 'number' ? entry.level : 0;
    const msg = typeof entry.msg === 'string' ? entry.msg : '';
    if (msg === 'uncaught exception') uncaught++;
    if (level < 50 && msg !== 'uncaught exception') continue;
    errorLevel++;
    const err = (entry.err ?? {}) as LoggedError;
    const error = `${typeof err.type === 'string' ? err.type : 'Error'}: ${typeof err.message === 'string' ? err.message.slice(0, 160) : ''}`;
    const where = typeof err.stack === 'string' ? stackHead(err.stack) : '';
    const key = `${msg}|${error}|${where}`;
    const at = typeof entry.time === 'number' ? entry.time : 0;
    const signature = byKey.get(key);
    if (signature) {
      signature.count++;
      if (signature.times.length < 20) signature.times.push(at);
    } else {
      byKey.set(key, { msg, level, error, where, count: 1, firstAt: at, times: [at] });
    }
  }
  return { uncaught, errorLevel, signatures: [...byKey.values()].sort((a, b) => b.count - a.count) };
}
