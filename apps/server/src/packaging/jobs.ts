/**
 * What passes between the server and its package process (see package-process.ts): jobs
 * one way, their outcome the other, by Node's structured clone (`serialization: 'advanced'`,
 * so Dates, Maps and byte arrays arrive as they are). The big parts travel as files: the
 * owner's uploaded images, the snapshots' states and the built ZIP, so the server's event
 * loop never parses or copies them.
 */
import type { ArchiveInput, BuiltPackage } from '../archive/index.ts';
import type { RenderedBoard } from '../render/index.ts';

/**
 * Everything a package is built from but its images, which the job makes or checks, and the
 * bytes of the images on the board, which the process asks for once it has read which the
 * snapshot's records show (see `FromChild`).
 */
export type PackageInput = Omit<ArchiveInput, 'pages' | 'assets'>;

/** Image bytes by the `src` of the asset records. */
export type AssetBytes = ArchiveInput['assets'];

/** Render the snapshot's images with the process's own headless Chromium, then build. */
export interface RenderJob {
  kind: 'render';
  input: PackageInput;
}

/** Check the images the owner's browser uploaded (the JSON body, as a file), then build. */
export interface UploadJob {
  kind: 'upload';
  input: PackageInput;
  uploadFile: string;
}

export type PackageJob = RenderJob | UploadJob;

/**
 * A job as it crosses to the process: the snapshot's state and the previous one's (megabytes
 * for a large board) lie in files, written through the thread pool, instead of being
 * serialized into the channel on the server's event loop (~12 ms in one piece per package).
 */
export type StagedInput = Omit<PackageInput, 'state' | 'previous'> & {
  stateFile: string;
  previous: { label: string; createdAt: Date; stateFile: string } | null;
};
export type StagedJob = (Omit<RenderJob, 'input'> | Omit<UploadJob, 'input'>) & { input: StagedInput };

/** A built package: its ZIP lies in `zipFile`; the rest is small. */
export type PackagedSnapshot = Omit<BuiltPackage, 'zip' | 'files'> & {
  zipFile: string;
  thumbnail: RenderedBoard['thumbnail'];
};

/** Why a job failed inside the process: which step, and that step's error code. */
export interface JobFailure {
  step: 'render' | 'upload' | 'build';
  code: string;
  message: string;
}

export interface ChildSettings {
  chromiumPath: string | null;
  webDistDir: string;
  renderTimeoutMs: number;
  maxRenderUploadBytes: number;
  /** Ghostscript off (tests): plain PDF. */
  pdfA: boolean;
  logLevel: string;
}

export type ToChild = { type: 'job'; id: number; job: StagedJob; zipFile: string } | { type: 'assets'; id: number; assets: AssetBytes };
export type FromChild =
  | { type: 'done'; id: number; packaged: PackagedSnapshot }
  | { type: 'failed'; id: number; failure: JobFailure }
  /** The job needs the bytes of these images (the `src` of its asset records); answered with `assets`. */
  | { type: 'assets'; id: number; sources: string[] };
