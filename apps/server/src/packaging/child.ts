/**
 * The package process (forked by PackageProcess): renders and builds archive packages, one
 * job at a time, at the lowest CPU priority, so that nothing it does — Chromium's render,
 * parsing megabytes of images, zipping, Ghostscript — runs on the server's event loop or
 * ahead of it on the CPU. Settings come as JSON in argv[2]; it exits when the server goes
 * (its IPC channel closes), closing its Chromium first.
 */
import { createLogger } from '../log.ts';
import { lowerThisProcess } from '../priority/index.ts';
import { BoardRenderer } from '../render/index.ts';
import type { AssetBytes, ChildSettings, FromChild, ToChild } from './jobs.ts';
import { JobFailed, runPackageJob } from './run-job.ts';

// First: every thread started from here on (Chromium, Ghostscript, the thread pool) inherits it.
lowerThisProcess();

const settings = JSON.parse(process.argv[2] ?? '{}') as ChildSettings;
const log = createLogger(settings.logLevel);
let renderer: BoardRenderer | null = null;
const rendererOf = () => {
  if (!settings.chromiumPath) throw new JobFailed({ step: 'render', code: 'render_failed', message: 'This server has no Chromium to render with' });
  // One job at a time already: the renderer's own queue never holds more than one.
  return (renderer ??= new BoardRenderer({ chromiumPath: settings.chromiumPath, webDistDir: settings.webDistDir, timeoutMs: settings.renderTimeoutMs, maxQueue: 1, log }));
};

const send = (message: FromChild) => process.send?.(message);
/** Asset requests waiting for the server's answer, by job id. */
const assetAnswers = new Map<number, (assets: AssetBytes) => void>();

let queue: Promise<void> = Promise.resolve();
process.on('message', (message: ToChild) => {
  if (message.type === 'assets') {
    assetAnswers.get(message.id)?.(message.assets);
    assetAnswers.delete(message.id);
    return;
  }
  const { id, job, zipFile } = message;
  const assets = (sources: string[]) =>
    sources.length === 0
      ? Promise.resolve(new Map())
      : new Promise<AssetBytes>((resolve) => {
          assetAnswers.set(id, resolve);
          send({ type: 'assets', id, sources });
        });
  queue = queue.then(async () => {
    try {
      send({ type: 'done', id, packaged: await runPackageJob(job, zipFile, settings, { renderer: rendererOf, assets }) });
    } catch (error) {
      send({ type: 'failed', id, failure: error instanceof JobFailed ? error.failure : { step: 'build', code: 'build_failed', message: error instanceof Error ? error.message : String(error) } });
    }
  });
});

process.on('disconnect', () => {
  void (renderer?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
