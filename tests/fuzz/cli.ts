/**
 * `pnpm fuzz [-- --seed=N --cases=10000 --connections=16 --case=ID,ID --json=FILE --keep-data
 *             --answer-timeout=2000 --honest-interval=40 --max-play-ms=… --env=KEY=VALUE]`
 *
 * Prints the seed first, then progress, then a table of failure classes (counts, example case
 * ids) and a JSON summary. Exit code 1 on any failure, 2 on bad arguments.
 */
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { formatFailures, formatKinds, summaryJson } from './report.ts';
import { runFuzz, type FuzzOptions } from './runner.ts';

export interface CliOptions extends FuzzOptions {
  jsonFile?: string;
}

const usage = 'usage: pnpm fuzz [-- --seed=N --cases=10000 --connections=16 --case=ID[,ID…] --json=FILE --keep-data --answer-timeout=MS --honest-interval=MS --max-play-ms=MS --env=KEY=VALUE]';

function integer(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min || number > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${value}`);
  return number;
}

/** Parses the command line (a bare `--`, as pnpm passes it through, is ignored). */
export function parseArgs(argv: readonly string[], randomSeed: () => number = () => randomInt(0, 2 ** 32)): CliOptions {
  const options: CliOptions = { seed: -1, cases: 10_000, connections: 16 };
  const serverEnv: Record<string, string> = {};
  for (const arg of argv) {
    if (arg === '--') continue;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}\n${usage}`);
    const [, name, value = ''] = match;
    switch (name) {
      case 'seed':
        options.seed = integer('seed', value, 0, 2 ** 32 - 1);
        break;
      case 'cases':
        options.cases = integer('cases', value, 1, 10_000_000);
        break;
      case 'connections':
        options.connections = integer('connections', value, 1, 256);
        break;
      case 'case':
        options.caseIds = value.split(',').map((id) => integer('case', id.trim(), 0));
        break;
      case 'json':
        options.jsonFile = value;
        break;
      case 'keep-data':
        options.keepDataDir = true;
        break;
      case 'answer-timeout':
        options.answerTimeoutMs = integer('answer-timeout', value, 100);
        break;
      case 'honest-interval':
        options.honestIntervalMs = integer('honest-interval', value, 5);
        break;
      case 'max-play-ms':
        options.maxPlayMs = integer('max-play-ms', value, 1000);
        break;
      case 'env': {
        const eq = value.indexOf('=');
        if (eq <= 0) throw new Error(`--env needs KEY=VALUE, not ${value}`);
        serverEnv[value.slice(0, eq)] = value.slice(eq + 1);
        break;
      }
      case 'help':
        throw new Error(usage);
      default:
        throw new Error(`unknown option --${name}\n${usage}`);
    }
  }
  if (options.seed < 0) options.seed = randomSeed();
  if (Object.keys(serverEnv).length > 0) options.serverEnv = serverEnv;
  return options;
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  // Last resort: an exception thrown from a stock client's timers must not take the report with
  // it. It is printed and makes the run fail.
  const harnessErrors: unknown[] = [];
  const onUncaught = (error: unknown) => {
    harnessErrors.push(error);
    console.error('[fuzz] uncaught exception in the fuzz process (not the server):', error);
  };
  process.on('uncaughtException', onUncaught);
  console.log(`[fuzz] seed ${options.seed}`);
  console.log(`[fuzz] ${options.caseIds ? `${options.caseIds.length} chosen cases` : `${options.cases} cases`} over ${options.connections} connections`);
  const report = await runFuzz({ ...options, progress: (line) => console.log(line) });
  console.log(`\n[fuzz] seed ${report.seed}: ${report.played}/${report.cases} cases in ${(report.playMs / 1000).toFixed(1)} s (total ${(report.durationMs / 1000).toFixed(1)} s)\n`);
  console.log(formatKinds(report));
  console.log(`\n${formatFailures(report)}\n`);
  const json = summaryJson(report);
  console.log(json);
  if (options.jsonFile) writeFileSync(options.jsonFile, json);
  console.log(`\n[fuzz] seed ${report.seed}: ${report.failures.length === 0 ? 'PASS' : `FAIL (${report.failures.map((failure) => failure.class).join(', ')})`}`);
  console.log(`[fuzz] replay: ${report.replay}`);
  process.off('uncaughtException', onUncaught);
  if (harnessErrors.length > 0) console.log(`[fuzz] ${harnessErrors.length} uncaught exception(s) in the fuzz process itself (see above)`);
  return report.failures.length === 0 && harnessErrors.length === 0 ? 0 : 1;
}
