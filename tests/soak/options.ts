/**
 * Soak settings. The default run takes about four minutes on 2 cores; `--quick` is a smoke
 * run of well under a minute.
 *
 * Flags (`--name=value`): --waves, --boards (boards created), --boards-per-wave, --clients
 * (stock clients per board), --keys (keys each client writes), --value-bytes, --grace-ms
 * (UNLOAD_GRACE_MS), --settle-ms (how long after the quiet point it is sampled), --idle-ms (how long the idle server is watched after the last wave),
 * --every (print every Nth wave), --seed, --label (copied into the JSON).
 *
 * --hold: one more board stays open (one stock client connected) for the whole run, so the
 * server is never idle; its quiet points are "only that board loaded, only that client".
 *
 * The server runs with the allocator settings of `pnpm start`; --glibc-defaults drops them.
 *
 * Investigation flags: --server-env=NAME=VALUE (repeatable; e.g. MALLOC_ARENA_MAX=2 or
 * LD_PRELOAD=…libjemalloc.so.2), --inspect (attach the inspector: a forced full GC at the
 * end, heap statistics), --heap-snapshots=DIR (with --inspect: snapshots at the first and
 * the last quiet point), --malloc-trim (at the end, call glibc's malloc_trim(0) in the
 * server through gdb and sample again).
 */

export interface SoakOptions {
  quick: boolean;
  boards: number;
  waves: number;
  boardsPerWave: number;
  clients: number;
  keys: number;
  valueBytes: number;
  unloadGraceMs: number;
  settleMs: number;
  idleMs: number;
  every: number;
  seed: number;
  label: string;
  hold: boolean;
  serverEnv: Record<string, string>;
  /** Run the server with glibc's default allocator settings instead of those of `pnpm start`. */
  glibcDefaults: boolean;
  inspect: boolean;
  heapSnapshotDir: string | undefined;
  mallocTrim: boolean;
  /** The whole run gives up after this long, whatever happens. */
  timeLimitMs: number;
}

function flags(argv: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (const arg of argv) {
    if (arg === `--${name}`) values.push('true');
    else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
  }
  return values;
}

const flag = (argv: readonly string[], name: string): string | undefined => flags(argv, name).at(-1);

const isOn = (value: string | undefined) => value !== undefined && value !== '0' && value !== 'false' && value !== '';

function int(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return parsed;
}

const known = new Set(['glibc-defaults', 'quick', 'waves', 'boards', 'boards-per-wave', 'clients', 'keys', 'value-bytes', 'grace-ms', 'settle-ms', 'idle-ms', 'every', 'seed', 'label', 'hold', 'server-env', 'inspect', 'heap-snapshots', 'malloc-trim']);

export function parseOptions(argv: readonly string[] = process.argv.slice(2)): SoakOptions {
  for (const arg of argv) {
    if (arg === '--') continue;
    const name = /^--([a-z-]+)(=|$)/.exec(arg)?.[1];
    if (!name || !known.has(name)) throw new Error(`unknown argument "${arg}" (see tests/soak/options.ts)`);
  }
  const quick = isOn(flag(argv, 'quick'));
  const boards = int(flag(argv, 'boards'), 'boards', 1) ?? (quick ? 20 : 60);
  const boardsPerWave = int(flag(argv, 'boards-per-wave'), 'boards-per-wave', 1) ?? (quick ? 10 : 20);
  if (boardsPerWave > boards) throw new Error(`--boards-per-wave (${boardsPerWave}) cannot exceed --boards (${boards})`);
  const waves = int(flag(argv, 'waves'), 'waves', 2) ?? (quick ? 8 : 72);
  const serverEnv: Record<string, string> = {};
  for (const pair of flags(argv, 'server-env')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--server-env needs NAME=VALUE, got "${pair}"`);
    serverEnv[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const heapSnapshotDir = flag(argv, 'heap-snapshots');
  const inspect = isOn(flag(argv, 'inspect')) || heapSnapshotDir !== undefined;
  const unloadGraceMs = int(flag(argv, 'grace-ms'), 'grace-ms', 0) ?? 2_000;
  return {
    quick,
    boards,
    waves,
    boardsPerWave,
    clients: int(flag(argv, 'clients'), 'clients', 1) ?? 3,
    keys: int(flag(argv, 'keys'), 'keys', 1) ?? 20,
    valueBytes: int(flag(argv, 'value-bytes'), 'value-bytes', 1) ?? 64,
    unloadGraceMs,
    settleMs: int(flag(argv, 'settle-ms'), 'settle-ms', 0) ?? 1_000,
    idleMs: int(flag(argv, 'idle-ms'), 'idle-ms', 0) ?? (quick ? 3_000 : 15_000),
    every: int(flag(argv, 'every'), 'every', 1) ?? Math.max(1, Math.ceil(waves / 40)),
    seed: int(flag(argv, 'seed'), 'seed', 0) ?? 1,
    label: flag(argv, 'label') ?? '',
    hold: isOn(flag(argv, 'hold')),
    serverEnv,
    glibcDefaults: isOn(flag(argv, 'glibc-defaults')),
    inspect,
    heapSnapshotDir,
    mallocTrim: isOn(flag(argv, 'malloc-trim')),
    // Generous: a wave normally takes about the grace period plus a second.
    timeLimitMs: 5 * 60_000 + waves * (unloadGraceMs + 15_000),
  };
}
