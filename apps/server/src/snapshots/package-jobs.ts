import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { PackageStatus } from '@koppelbord/contract';
import { assetHashOf } from '../assets/index.ts';
import type { ArchiveSettings } from '../archive/index.ts';
import type { Logger } from '../log.ts';
import { scavengeSoon } from '../memory/index.ts';
import type { AssetLookup, Packaged, PackageInput, PackageJob } from '../packaging/index.ts';
import type { Store, SnapshotRecord } from '../storage/index.ts';
import type { ArchiveDirWriter } from './archive-dir.ts';

/** What renders and builds packages (packaging/PackageProcess: a low-priority process of its own). */
export interface PackagerLike {
  /** Whether it can render images itself (it has a Chromium). */
  readonly canRender: boolean;
  /** An uploaded body as a file for an `upload` job. */
  stageUpload(body: Readable): Promise<string>;
  package(job: PackageJob, assets: AssetLookup): Promise<Packaged>;
}

/** Where image bytes come from (the board's asset store). */
export interface AssetSource {
  getAsset(boardId: string, sha256: string): Promise<{ mimeType: string; data: Uint8Array } | undefined>;
}

export interface PackageJobsDeps {
  store: Store;
  /** Without a Chromium (`canRender` false), packages wait for the owner's browser to upload the images. */
  packager: PackagerLike;
  assets: AssetSource | null;
  settings: ArchiveSettings;
  archiveDir: ArchiveDirWriter | null;
  log: Logger;
}

/**
 * Turns archived snapshots into stored packages: the packager renders the images (or checks
 * the owner's upload) and builds the package, then it is stored once and written to
 * ARCHIVE_DIR. One job at a time, in order; a snapshot whose job failed or that waits for an
 * upload is `incomplete` until it gets one.
 */
export class PackageJobs {
  readonly #deps: PackageJobsDeps;
  /** Snapshots with a job queued or running: their status is `rendering`. */
  readonly #inFlight = new Set<string>();
  #queue: Promise<void> = Promise.resolve();

  constructor(deps: PackageJobsDeps) {
    this.#deps = deps;
  }

  get canRender(): boolean {
    return this.#deps.packager.canRender;
  }

  status(snapshotId: string, hasPackage: boolean): PackageStatus {
    if (hasPackage) return 'ready';
    return this.#inFlight.has(snapshotId) ? 'rendering' : 'incomplete';
  }

  /** Queues the server-side render and build of a snapshot's package (nothing without a Chromium). */
  start(boardId: string, snapshotId: string): void {
    if (!this.canRender || this.#inFlight.has(snapshotId)) return;
    this.#enqueue(snapshotId, async () => {
      const snapshot = await this.#deps.store.getSnapshot(boardId, snapshotId);
      const input = snapshot ? await this.#input(snapshot) : undefined;
      if (snapshot && input) await this.#store(snapshot, await this.#deps.packager.package({ kind: 'render', input }, this.#assetsOf(boardId)));
    }).catch(() => {});
  }

  /**
   * Builds the package from the images the owner's browser rendered (the request body,
   * unread: it is checked in the packager). Rejects with `UploadedRenderError` when they are refused.
   */
  async fromUpload(boardId: string, snapshotId: string, body: Readable): Promise<void> {
    const uploadFile = await this.#deps.packager.stageUpload(body);
    // The snapshot's state is read only now, after the upload's megabytes: held while they
    // arrive, it would outlive their scavenges and stay in this heap until a full collection.
    return this.#enqueue(snapshotId, async () => {
      const snapshot = await this.#deps.store.getSnapshot(boardId, snapshotId);
      const input = snapshot ? await this.#input(snapshot) : undefined;
      if (snapshot && input) await this.#store(snapshot, await this.#deps.packager.package({ kind: 'upload', input, uploadFile }, this.#assetsOf(boardId)));
      // Deleted meanwhile (the snapshot or its board): the staged upload has no job to go with.
      else await rm(uploadFile, { force: true });
    });
  }

  /** After a start: queue the packages a stop interrupted, and the ARCHIVE_DIR writes still due. */
  async resume(): Promise<void> {
    for (const { boardId, snapshotId } of await this.#deps.store.snapshotsWithoutPackage()) this.start(boardId, snapshotId);
    const { archiveDir } = this.#deps;
    if (!archiveDir) return;
    for (const snapshotId of await this.#deps.store.pendingExports()) {
      const pkg = await this.#deps.store.getPackage(snapshotId);
      if (pkg) void archiveDir.write(pkg, { bytes: pkg.zip });
    }
  }

  /** Resolves when every queued job has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.#queue;
  }

  #enqueue(snapshotId: string, job: () => Promise<void>): Promise<void> {
    this.#inFlight.add(snapshotId);
    const run = this.#queue.then(job).finally(() => {
      this.#inFlight.delete(snapshotId);
      // The job's states and the package's bytes were megabytes in this heap.
      scavengeSoon();
    });
    this.#queue = run.catch((error: unknown) => this.#deps.log.error({ err: error, snapshotId }, 'building an archive package failed'));
    return run;
  }

  /** What the package is built from (undefined when the board is gone). */
  async #input(snapshot: SnapshotRecord): Promise<PackageInput | undefined> {
    const { store, settings } = this.#deps;
    const board = await store.getBoard(snapshot.boardId);
    if (!board) return undefined;
    const previousMeta = (await store.listSnapshots(snapshot.boardId)).find(
      (other) => other.kind === 'snapshot' && other.id !== snapshot.id && other.createdAt.getTime() <= snapshot.createdAt.getTime(),
    );
    const previous = previousMeta ? await store.getSnapshot(snapshot.boardId, previousMeta.id) : undefined;
    return {
      snapshot: { id: snapshot.id, label: snapshot.label, createdAt: snapshot.createdAt, actor: snapshot.actor, includeNames: snapshot.includeNames },
      board: {
        id: board.id,
        title: snapshot.board.title,
        municipality: snapshot.board.municipality,
        neighbourhood: snapshot.board.neighbourhood,
        createdAt: board.createdAt,
        language: snapshot.board.language,
      },
      state: snapshot.state,
      previous: previous ? { label: previous.label, createdAt: previous.createdAt, state: previous.state } : null,
      participants: snapshot.participants,
      settings,
    };
  }

  async #store(snapshot: SnapshotRecord, built: Packaged): Promise<void> {
    const { store, archiveDir } = this.#deps;
    const pkg = { snapshotId: snapshot.id, name: built.name, zipFile: built.zipFile, sha256: built.sha256, pakbon: built.pakbon, thumbnail: built.thumbnail, pdf: built.pdf, builtAt: new Date() };
    // The ARCHIVE_DIR copy is made from the built file before the store takes it over (a
    // failed copy is retried from the stored package); a crash in between rebuilds the
    // package, byte-identical, on the next start.
    if (archiveDir) await archiveDir.write(pkg, { file: pkg.zipFile });
    await store.insertPackage(pkg, archiveDir !== null);
  }

  /** Reads the bytes of the board's images by their `src` (what the packager asks for). */
  #assetsOf(boardId: string): AssetLookup {
    return async (sources) => {
      const out = new Map<string, { mimeType: string; data: Uint8Array }>();
      const { assets } = this.#deps;
      for (const src of sources) {
        const sha256 = assets ? assetHashOf(boardId, src) : undefined;
        const asset = sha256 ? await assets!.getAsset(boardId, sha256) : undefined;
        if (asset) out.set(src, asset);
      }
      return out;
    };
  }
}
