/**
 * PackageProcess: archive packages built in a forked process of their own at the lowest CPU
 * priority (render, upload checks, build), with a bounded queue, timeouts and crashes that
 * cost only the job they hit, and an idle process that goes away by itself.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArchivePackage, snapshotRecords } from '../../src/archive/index.ts';
import { createLogger } from '../../src/log.ts';
import { PackageBuildError, PackageProcess, type AssetLookup, type PackageInput } from '../../src/packaging/index.ts';
import { mayRaisePriority } from '../../src/priority/index.ts';
import { UploadedRenderError } from '../../src/render/index.ts';
import { waitFor } from '../../../../tests/helpers/wait.ts';
import { archiveInput, IMAGE_SRC, TINY_PNG } from '../archive/fixture.ts';

const log = createLogger('silent');
const settings = { chromiumPath: null, webDistDir: '/nonexistent', renderTimeoutMs: 10_000, buildTimeoutMs: 60_000, maxRenderUploadBytes: 16 * 1024 * 1024, logLevel: 'silent', log, pdfA: false };

/** What the server sends: the archive input without images (the process renders or checks those) and without asset bytes (it asks). */
function packageInput(id = 'snap_0001'): PackageInput {
  const { pages: _pages, assets: _assets, ...input } = archiveInput();
  return { ...input, snapshot: { ...input.snapshot, id } };
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An upload as an owner's browser sends it: every page, an SVG showing the page's card titles, PNGs as base64. */
function uploadFor(input: PackageInput): { pages: { pageId: string; name: string; svg: string; png: string }[]; thumbnail: string } {
  const { records } = snapshotRecords(input.state);
  const titles = records.flatMap((record) => {
    const props = (record as { type?: string; props?: { title?: string; name?: string } }).props;
    return record.typeName === 'shape' && props ? [props.title ?? props.name ?? ''].filter(Boolean) : [];
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${titles.map((title) => `<text>${escape(title)}</text>`).join('')}</svg>`;
  const png = Buffer.from(TINY_PNG).toString('base64');
  const pages = records.filter((record) => record.typeName === 'page').map((page) => ({ pageId: page.id, name: 'x', svg, png }));
  return { pages, thumbnail: png };
}

const body = (value: unknown) => Readable.from([Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))]);
const assetLookup = (asked: string[][]): AssetLookup => async (sources) => {
  asked.push([...sources]);
  return new Map(sources.filter((src) => src === IMAGE_SRC).map((src) => [src, { mimeType: 'image/png', data: TINY_PNG }]));
};
/** The nice value of a process (field 19 of /proc/<pid>/stat). */
const niceOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('PackageProcess', () => {
  let packager: PackageProcess | undefined;
  afterEach(async () => {
    await packager?.close();
    packager = undefined;
  });

  async function uploadJob(p: PackageProcess, input = packageInput(), upload: unknown = uploadFor(input)) {
    return { kind: 'upload' as const, input, uploadFile: await p.stageUpload(body(upload)) };
  }

  it('builds from an upload at the lowest priority the package a build on this thread makes, with the images it asked for', async () => {
    packager = new PackageProcess(settings);
    const p = packager;
    const input = packageInput();
    const upload = uploadFor(input);
    const asked: string[][] = [];
    const built = p.package(await uploadJob(p, input, upload), assetLookup(asked));
    await waitFor(() => p.pid !== null, 'the process to start');
    const pid = p.pid!;
    const packaged = await built;
    expect(niceOf(pid)).toBe(19);
    // …and cannot raise it again, nor can Chromium it starts (root holds CAP_SYS_NICE; without it there is nothing to drop).
    if (mayRaisePriority(process.pid)) expect(mayRaisePriority(pid)).toBe(false);
    expect(asked).toEqual([[IMAGE_SRC, '/api/boards/b_test/assets/old']]);
    const pages = upload.pages.map((page) => ({ pageId: page.pageId, name: 'Pagina 1', svg: page.svg, png: TINY_PNG }));
    const here = await buildArchivePackage({ ...input, pages, assets: new Map([[IMAGE_SRC, { mimeType: 'image/png', data: TINY_PNG }]]) }, { pdfA: false });
    expect(packaged.sha256).toBe(here.sha256);
    // The ZIP is handed over as the process's file (the store takes it over), never read here.
    expect(readFileSync(packaged.zipFile).equals(Buffer.from(here.zip))).toBe(true);
    expect(Buffer.from(packaged.thumbnail).equals(Buffer.from(TINY_PNG))).toBe(true);
    expect(packaged.pdf).toBe('PDF');
    // The states went over as files beside it (the "changes since" need the previous one): gone once the job is done.
    expect(input.previous).not.toBeNull();
    await waitFor(() => readdirSync(path.dirname(packaged.zipFile)).every((name) => !name.endsWith('.bin')), 'the staged states to be removed');
  }, 60_000);

  it('refuses an upload that is not the snapshot\'s images with the check\'s own error, and carries on', async () => {
    packager = new PackageProcess(settings);
    const input = packageInput();
    const wrongPages = { ...uploadFor(input), pages: [{ ...uploadFor(input).pages[0]!, pageId: 'page:other' }] };
    for (const [upload, code, status] of [
      ['{"pages": [', 'invalid_render', 400],
      [wrongPages, 'invalid_render', 400],
      [{ ...uploadFor(input), thumbnail: 'A'.repeat(24 * 1024 * 1024) }, 'render_too_large', 413],
    ] as const) {
      const error = await packager.package(await uploadJob(packager, input, upload), assetLookup([])).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(UploadedRenderError);
      expect(error).toMatchObject({ code, status });
    }
    const packaged = await packager.package(await uploadJob(packager), assetLookup([]));
    expect(statSync(packaged.zipFile).size).toBeGreaterThan(0);
  }, 60_000);

  it('a job past its timeout fails and takes its process with it; the next job gets a fresh one', async () => {
    packager = new PackageProcess(settings);
    const p = packager;
    // A job that hangs once the process has read the snapshot (its images never come) — or
    // before, on a busy machine where the process takes longer than the timeout to start.
    const late = p.package(await uploadJob(p), () => new Promise(() => {}), { timeoutMs: 2_000 }).catch((reason: unknown) => reason);
    const first = await waitFor(() => p.pid, 'the process to start');
    const next = p.package(await uploadJob(p, packageInput('snap_0002')), assetLookup([]));
    expect(await late).toMatchObject({ name: 'PackageBuildError', code: 'timeout' });
    await waitFor(() => !alive(first), 'the timed-out process to be gone');
    expect(statSync((await next).zipFile).size).toBeGreaterThan(0);
    expect(p.pid).not.toBe(first);
  }, 60_000);

  it('a process that dies fails only the job it ran', async () => {
    packager = new PackageProcess(settings);
    const p = packager;
    const asked: string[][] = [];
    // The process asks for the images once it has read the snapshot: kill it then.
    const dying = p.package(await uploadJob(p), async (sources) => {
      process.kill(p.pid!, 'SIGKILL');
      return assetLookup(asked)(sources);
    });
    expect(await dying.catch((reason: unknown) => reason)).toMatchObject({ code: 'worker_failed' });
    expect(statSync((await p.package(await uploadJob(p), assetLookup(asked))).zipFile).size).toBeGreaterThan(0);
  }, 60_000);

  it('refuses jobs past the queue bound and after close; an idle process goes by itself', async () => {
    packager = new PackageProcess({ ...settings, maxQueued: 1, idleExitMs: 200 });
    const p = packager;
    const first = p.package(await uploadJob(p), assetLookup([]));
    const second = p.package(await uploadJob(p, packageInput('snap_0002')), assetLookup([]));
    const third = await p.package(await uploadJob(p), assetLookup([])).catch((reason: unknown) => reason);
    expect(third).toBeInstanceOf(PackageBuildError);
    expect(third).toMatchObject({ code: 'queue_full' });
    const [a, b] = await Promise.all([first, second]);
    expect(a.sha256).not.toBe(b.sha256);
    const pid = p.pid!;
    await waitFor(() => p.pid === null && !alive(pid), 'the idle process to exit');
    await p.close();
    await expect(p.package(await uploadJob(p).catch(() => ({ kind: 'upload' as const, input: packageInput(), uploadFile: '/nonexistent' })), assetLookup([]))).rejects.toMatchObject({ code: 'closed' });
  }, 60_000);
});
