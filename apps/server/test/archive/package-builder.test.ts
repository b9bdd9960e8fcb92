import { afterEach, describe, expect, it } from 'vitest';
import { buildArchivePackage, PackageBuilder, PackageBuildError, verifyArchivePackage } from '../../src/archive/index.ts';
import { archiveInput } from './fixture.ts';

describe('PackageBuilder', () => {
  let builder: PackageBuilder | undefined;
  afterEach(async () => {
    await builder?.close();
    builder = undefined;
  });

  it('builds in a worker thread the same package as a build on this thread', async () => {
    builder = new PackageBuilder({ build: { pdfA: false } });
    const [inWorker, here] = await Promise.all([builder.build(archiveInput()), buildArchivePackage(archiveInput(), { pdfA: false })]);
    expect(inWorker.sha256).toBe(here.sha256);
    expect(inWorker.zip).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(inWorker.zip).equals(Buffer.from(here.zip))).toBe(true);
    expect(verifyArchivePackage(inWorker.zip).valid).toBe(true);
  }, 60_000);

  it('runs one build at a time and refuses builds past the queue bound', async () => {
    builder = new PackageBuilder({ maxQueued: 1, build: { pdfA: false } });
    const first = builder.build(archiveInput());
    const second = builder.build(archiveInput({ snapshot: { ...archiveInput().snapshot, id: 'snap_0002' } }));
    expect(builder.queued).toBe(1);
    await expect(builder.build(archiveInput())).rejects.toMatchObject({ code: 'queue_full' });
    const [a, b] = await Promise.all([first, second]);
    expect(a.sha256).not.toBe(b.sha256);
    expect(builder.queued).toBe(0);
  }, 60_000);

  it('terminates a build that runs over its timeout and starts a fresh worker for the next one', async () => {
    builder = new PackageBuilder({ build: { pdfA: false } });
    const late = builder.build(archiveInput(), { timeoutMs: 5 });
    const next = builder.build(archiveInput());
    const error = await late.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(PackageBuildError);
    expect((error as PackageBuildError).code).toBe('timeout');
    expect(verifyArchivePackage((await next).zip).valid).toBe(true);
  }, 60_000);

  it('rejects what waits when closed, and everything after', async () => {
    builder = new PackageBuilder({ build: { pdfA: false } });
    const outcome = (build: Promise<unknown>) => build.then(() => 'built', (error: unknown) => (error as PackageBuildError).code);
    const running = outcome(builder.build(archiveInput()));
    const waiting = outcome(builder.build(archiveInput()));
    await builder.close();
    expect(await running).toBe('closed');
    expect(await waiting).toBe('closed');
    await expect(builder.build(archiveInput())).rejects.toMatchObject({ code: 'closed' });
  });
});
