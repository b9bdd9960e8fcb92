/**
 * What the soak measures at a quiet point: the kernel's view of the server process
 * (/proc/<pid>/status, /proc/<pid>/smaps_rollup and smaps) and the server's own view
 * (GET /healthz, GET /metrics: prom-client's default metrics with the `koppelbord_` prefix).
 */
import { readdirSync, readFileSync } from 'node:fs';

const MiB = 1024 * 1024;

export interface Health {
  ok: boolean;
  connections: number;
  loadedBoards: number;
  unpersistedUpdates: number;
}

/** One sample, all figures in MiB. */
export interface Sample {
  /** Which quiet point: a wave number, or a name (`start`, `idle`, `gc`, `trim`, …). */
  at: string;
  /** Milliseconds since the run started. */
  t: number;
  /** VmRSS of the server process. */
  rss: number;
  /** VmHWM: the peak RSS so far. */
  hwm: number;
  /** RSS that is anonymous memory (heaps of V8 and of malloc), from smaps_rollup. */
  anon: number;
  /** RSS of the brk heap (glibc's main malloc arena). */
  brkHeap: number;
  /** RSS of anonymous mappings inside 64 MiB-aligned 64 MiB blocks: glibc's per-thread arenas (approximately). */
  threadArenas: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** `rss − heapTotal`: everything that is not the V8 heap (malloc, code, stacks, files). */
  outsideV8: number;
  /** CPU time the server process has used so far (user + system), seconds. */
  cpuS: number;
  /** GC pauses so far, by kind (prom-client's nodejs_gc_duration_seconds): count and seconds. */
  gc: Record<string, { count: number; seconds: number }>;
  /** V8 heap spaces, total size (MiB) by space name. */
  spaces: Record<string, number>;
}

export async function health(url: string): Promise<Health> {
  const response = await fetch(`${url}/healthz`);
  return (await response.json()) as Health;
}

/**
 * Waits until nothing is loaded or connected (but the `held` boards and their clients) and
 * nothing is unpersisted; throws after `timeoutMs`.
 */
export async function waitQuiet(url: string, timeoutMs: number, held = 0): Promise<number> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    const h = await health(url);
    if (h.loadedBoards === held && h.connections === held && h.unpersistedUpdates === 0) return Date.now() - started;
    if (Date.now() > deadline) throw new Error(`no quiet point within ${timeoutMs} ms: ${JSON.stringify(h)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** prom-client text → name{labels} → value. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

function statusKb(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Anonymous RSS by kind of mapping, in KiB. */
function mappings(pid: number): { anon: number; brkHeap: number; threadArenas: number } {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const anon = Number(/^Anonymous:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
  let brkHeap = 0;
  let threadArenas = 0;
  // glibc's thread arenas are 64 MiB heaps aligned to 64 MiB: the part in use is rw-p, the
  // rest ---p. V8's pages are 256 KiB and mapped individually, so they rarely fit this shape.
  const arena = 64 * 1024 * 1024;
  let current: { start: number; end: number; anonymous: boolean; heap: boolean } | undefined;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (header) {
      const start = Number.parseInt(header[1]!, 16);
      const end = Number.parseInt(header[2]!, 16);
      current = { start, end, anonymous: header[4] === '0' && (header[5] ?? '') === '', heap: header[5] === '[heap]' };
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss || !current) continue;
    const kb = Number(rss[1]);
    if (current.heap) brkHeap += kb;
    else if (current.anonymous && current.start % arena === 0 && current.end - current.start <= arena) threadArenas += kb;
  }
  return { anon, brkHeap, threadArenas };
}

/** utime + stime from /proc/<pid>/stat, in seconds (USER_HZ is 100 on Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

export async function sample(at: string, pid: number, url: string, runStarted: number): Promise<Sample> {
  const text = await (await fetch(`${url}/metrics`)).text();
  // Read the kernel's figures after the scrape, so the scrape's own garbage is in both.
  const rss = statusKb(pid, 'VmRSS') / 1024;
  const hwm = statusKb(pid, 'VmHWM') / 1024;
  const maps = mappings(pid);
  const metrics = parseMetrics(text);
  const get = (name: string) => metrics.get(`koppelbord_${name}`) ?? Number.NaN;
  const spaces: Record<string, number> = {};
  for (const [key, value] of metrics) {
    const space = /^koppelbord_nodejs_heap_space_size_total_bytes\{space="([^"]+)"\}$/.exec(key)?.[1];
    if (space) spaces[space] = mib(value);
  }
  const gc: Sample['gc'] = {};
  for (const [key, value] of metrics) {
    const match = /^koppelbord_nodejs_gc_duration_seconds_(sum|count)\{kind="([^"]+)"\}$/.exec(key);
    if (!match) continue;
    const entry = (gc[match[2]!] ??= { count: 0, seconds: 0 });
    if (match[1] === 'sum') entry.seconds = Math.round(value * 1000) / 1000;
    else entry.count = value;
  }
  const heapTotal = get('nodejs_heap_size_total_bytes');
  return {
    at,
    t: Date.now() - runStarted,
    rss: Math.round(rss * 10) / 10,
    hwm: Math.round(hwm * 10) / 10,
    anon: Math.round((maps.anon / 1024) * 10) / 10,
    brkHeap: Math.round((maps.brkHeap / 1024) * 10) / 10,
    threadArenas: Math.round((maps.threadArenas / 1024) * 10) / 10,
    heapUsed: mib(get('nodejs_heap_size_used_bytes')),
    heapTotal: mib(heapTotal),
    external: mib(get('nodejs_external_memory_bytes')),
    outsideV8: Math.round((rss - heapTotal / MiB) * 10) / 10,
    cpuS: cpuSeconds(pid),
    gc,
    spaces,
  };
}

/** CPU seconds per thread name of process `pid` (main thread, V8's platform workers, libuv's pool). */
export function threadCpu(pid: number): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName[name] = Math.round(((byName[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100) * 100) / 100;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return byName;
}
