/**
 * What passes between the server and its package process (see package-process.ts): jobs
 * one way, their outcome the other, by Node's structured clone (`serialization: 'advanced'`,
 * so Dates, Maps and byte arrays arrive as they are). The big parts travel as files: the
 * owner's uploaded images and the built ZIP, so the server's event loop never parses or
 * copies them.
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

export type ToChild = { type: 'job'; id: number; job: PackageJob; zipFile: string } | { type: 'assets'; id: number; assets: AssetBytes };
export type FromChild =
  | { type: 'done'; id: number; packaged: PackagedSnapshot }
  | { type: 'failed'; id: number; failure: JobFailure }
  /** The job needs the bytes of these images (the `src` of its asset records); answered with `assets`. */
  | { type: 'assets'; id: number; sources: string[] };
