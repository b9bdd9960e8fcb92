import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createIdleGc } from '../src/memory/idle-gc.ts';
import { loadMallocTrim } from '../src/memory/malloc-trim.ts';
import { waitFor } from '../../../tests/helpers/wait.ts';

/** A logger that keeps its lines. */
function recordingLogger() {
  const lines: { msg: string; rssBeforeMiB?: number; rssAfterMiB?: number }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe('idle memory', () => {
  it.runIf(process.platform === 'linux')('reaches glibc’s malloc_trim on Linux', () => {
    const { log, lines } = recordingLogger();
    const trim = loadMallocTrim(log);
    expect(trim, lines.map((line) => line.msg).join('; ')).toBeTypeOf('function');
    expect(() => trim!()).not.toThrow();
  });

  it('collects (and trims) once after the settle time, however often it is asked meanwhile', async () => {
    const { log, lines } = recordingLogger();
    const idleGc = createIdleGc(log)!;
    expect(idleGc).toBeTypeOf('function');
    idleGc(() => true);
    idleGc(() => true);
    await waitFor(() => lines.some((line) => line.msg === 'idle: heap collected'), 'the idle collection');
    expect(lines.filter((line) => line.msg === 'idle: heap collected')).toHaveLength(1);
    const collected = lines.find((line) => line.msg === 'idle: heap collected')!;
    expect(collected.rssAfterMiB).toBeGreaterThan(0);
  });
});
