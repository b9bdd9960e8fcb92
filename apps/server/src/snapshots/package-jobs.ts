import type { PackageStatus } from '@koppelbord/contract';
import type { UnknownRecord } from '@tldraw/store';
import { assetHashOf } from '../assets/index.ts';
import type { ArchiveInput, ArchiveSettings, BuiltPackage, SnapshotRecords } from '../archive/index.ts';
import type { Logger } from '../log.ts';
import type { RenderedBoard } from '../render/index.ts';
import type { Store, SnapshotRecord } from '../storage/index.ts';
import type { SnapshotAnalyzer } from './analyzer.ts';
import type { ArchiveDirWriter } from './archive-dir.ts';

/** What builds packages (archive/PackageBuilder: in a worker, off the sync path). */
export interface PackageBuilderLike {
  build(input: ArchiveInput): Promise<BuiltPackage>;
}

/** What renders a snapshot's pages (render/BoardRenderer: headless Chromium). */
export interface RendererLike {
  render(input: { records: UnknownRecord[]; schema: ArchiveRenderSchema; locale: SnapshotRecord['board']['language'] }): Promise<RenderedBoard>;
}
type ArchiveRenderSchema = SnapshotRecords['schema'];

/** Where image bytes come from (the board's asset store). */
export interface AssetSource {
  getAsset(boardId: string, sha256: string): Promise<{ mimeType: string; data: Uint8Array } | undefined>;
}

export interface PackageJobsDeps {
  store: Store;
  analyzer: SnapshotAnalyzer;
  builder: PackageBuilderLike;
  /** Null when the server has no Chromium: packages wait for the owner's browser to upload the images. */
  renderer: RendererLike | null;
  assets: AssetSource | null;
  settings: ArchiveSettings;
  archiveDir: ArchiveDirWriter | null;
  log: Logger;
}

/**
 * Turns archived snapshots into stored packages: render the images (or take the owner's
 * upload), build the package in the builder's worker, store it once, write it to
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
    return this.#deps.renderer !== null;
  }

  status(snapshotId: string, hasPackage: boolean): PackageStatus {
    if (hasPackage) return 'ready';
    return this.#inFlight.has(snapshotId) ? 'rendering' : 'incomplete';
  }

  /** Queues the server-side render and build of a snapshot's package (nothing without a renderer). */
  start(boardId: string, snapshotId: string): void {
    const { renderer } = this.#deps;
    if (!renderer || this.#inFlight.has(snapshotId)) return;
    this.#enqueue(snapshotId, async () => {
      const snapshot = await this.#deps.store.getSnapshot(boardId, snapshotId);
      if (!snapshot) return;
      const { records, schema } = await this.#deps.analyzer.records(snapshot.state);
      // The render page reaches nothing but its own files: images go in as data URLs.
      const withImages = inlineImages(records, await this.#assetsOf(boardId, records));
      const rendered = await renderer.render({ records: withImages, schema, locale: snapshot.board.language });
      await this.#build(snapshot, records, rendered);
    }).catch(() => {});
  }

  /** Builds the package from images the owner's browser rendered (already checked by the caller). */
  fromUpload(snapshot: SnapshotRecord, records: UnknownRecord[], rendered: RenderedBoard): Promise<void> {
    return this.#enqueue(snapshot.id, () => this.#build(snapshot, records, rendered));
  }

  /** After a start: queue the packages a stop interrupted, and the ARCHIVE_DIR writes still due. */
  async resume(): Promise<void> {
    for (const { boardId, snapshotId } of await this.#deps.store.snapshotsWithoutPackage()) this.start(boardId, snapshotId);
    const { archiveDir } = this.#deps;
    if (!archiveDir) return;
    for (const snapshotId of await this.#deps.store.pendingExports()) {
      const pkg = await this.#deps.store.getPackage(snapshotId);
      if (pkg) void archiveDir.write(pkg);
    }
  }

  /** Resolves when every queued job has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.#queue;
  }

  #enqueue(snapshotId: string, job: () => Promise<void>): Promise<void> {
    this.#inFlight.add(snapshotId);
    const run = this.#queue.then(job).finally(() => this.#inFlight.delete(snapshotId));
    this.#queue = run.catch((error: unknown) => this.#deps.log.error({ err: error, snapshotId }, 'building an archive package failed'));
    return run;
  }

  async #build(snapshot: SnapshotRecord, records: readonly UnknownRecord[], rendered: RenderedBoard): Promise<void> {
    const { store, builder, settings, archiveDir } = this.#deps;
    const board = await store.getBoard(snapshot.boardId);
    if (!board) return;
    const previousMeta = (await store.listSnapshots(snapshot.boardId)).find(
      (other) => other.kind === 'snapshot' && other.id !== snapshot.id && other.createdAt.getTime() <= snapshot.createdAt.getTime(),
    );
    const previous = previousMeta ? await store.getSnapshot(snapshot.boardId, previousMeta.id) : undefined;
    const input: ArchiveInput = {
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
      pages: rendered.pages,
      assets: await this.#assetsOf(snapshot.boardId, records),
      settings,
    };
    const built = await builder.build(input);
    const pkg = {
      snapshotId: snapshot.id,
      name: built.name,
      zip: built.zip,
      sha256: built.sha256,
      pakbon: built.pakbon,
      thumbnail: rendered.thumbnail,
      pdf: built.pdf,
      builtAt: new Date(),
    };
    await store.insertPackage(pkg, archiveDir !== null);
    if (archiveDir) await archiveDir.write(pkg);
  }

  /** The bytes of the images the records show, by their `src`, for the package to embed. */
  async #assetsOf(boardId: string, records: readonly UnknownRecord[]): Promise<Map<string, { mimeType: string; data: Uint8Array }>> {
    const out = new Map<string, { mimeType: string; data: Uint8Array }>();
    const { assets } = this.#deps;
    if (!assets) return out;
    for (const record of records) {
      if (record.typeName !== 'asset') continue;
      const src = (record as { props?: { src?: unknown } }).props?.src;
      const sha256 = assetHashOf(boardId, src);
      if (!sha256 || out.has(src as string)) continue;
      const asset = await assets.getAsset(boardId, sha256);
      if (asset) out.set(src as string, asset);
    }
    return out;
  }
}

/** The records with every image whose bytes are in `assets` (by `src`) as a data URL. */
function inlineImages(records: readonly UnknownRecord[], assets: ReadonlyMap<string, { mimeType: string; data: Uint8Array }>): UnknownRecord[] {
  return records.map((record) => {
    const props = (record as { props?: { src?: unknown } }).props;
    const asset = record.typeName === 'asset' && typeof props?.src === 'string' ? assets.get(props.src) : undefined;
    if (!asset) return record;
    return { ...record, props: { ...props, src: `data:${asset.mimeType};base64,${Buffer.from(asset.data).toString('base64')}` } } as UnknownRecord;
  });
}
