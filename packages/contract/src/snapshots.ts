import { z } from 'zod/mini';
import type { CreateBoardResponse } from './boards.ts';
import { trimmedText } from './text.ts';
import type { Role } from './roles.ts';

/**
 * Snapshots and versions of a board (`/api/boards/:id/snapshots…`). A *snapshot* is taken
 * on purpose (owner, API, or automatically at the end of a session) and gets an archive
 * package; a *version* is a light copy of the state kept automatically while a board is
 * changed and before every revert. Both are immutable once stored.
 */
export const snapshotKinds = ['snapshot', 'version'] as const;
export type SnapshotKind = (typeof snapshotKinds)[number];

/**
 * An archive package's state: `ready` (built and stored, downloadable), `rendering` (the
 * board images are being made), `incomplete` (waiting for images: the server has no
 * browser and no owner's browser has uploaded them yet).
 */
export const packageStatuses = ['ready', 'rendering', 'incomplete'] as const;
export type PackageStatus = (typeof packageStatuses)[number];

export const snapshotTextLimits = {
  label: 200,
  actorName: 100,
} as const;

/** Body of `POST /api/boards/:id/snapshots` and of `…/:snapshotId/promote`. */
export const createSnapshotInput = z.strictObject({
  label: trimmedText(1, snapshotTextLimits.label),
  /** "namen opnemen": participants' names in the report (default: roles and domains only). */
  includeNames: z._default(z.boolean(), false),
});
export type CreateSnapshotInput = z.input<typeof createSnapshotInput>;

/** Who took a snapshot: the role of the token and the name the actor gave (never a token). */
export interface SnapshotActor {
  role: Role | 'system';
  name: string | null;
}

export interface SnapshotPackage {
  status: PackageStatus;
  /** Size and SHA-256 of the ZIP, once `ready`. */
  bytes?: number;
  sha256?: string;
}

/** What changed on the board since the previous snapshot or version (board model: `boardChanges`). */
export interface SnapshotChangeSummary {
  opportunitiesAdded: string[];
  opportunitiesRemoved: string[];
  /** Titles of opportunities whose title, class or status changed. */
  opportunitiesChanged: string[];
  domainsAdded: string[];
  organisationsAdded: string[];
  /** Titles of domain/organisation cards whose consultation changed. */
  consultationChanged: string[];
}

/** One entry of `GET /api/boards/:id/snapshots` (newest first). */
export interface SnapshotSummary {
  id: string;
  label: string;
  createdAt: string;
  kind: SnapshotKind;
  actor: SnapshotActor;
  /** Versions have no package: `null`. */
  package: SnapshotPackage | null;
  /** Whether the package has a thumbnail (`…/thumbnail`). */
  thumbnail: boolean;
  /** The copy in ARCHIVE_DIR, when the server writes one: written, or still being retried after `lastError`. */
  archiveExport?: { written: boolean; attempts: number; lastError: string | null };
  /** Records in the stored state that do not validate against the board schema (left out of every file). */
  invalidRecords: number;
  changes: SnapshotChangeSummary;
}

/** Response of `GET /api/boards/:id/snapshots`. */
export interface SnapshotList {
  snapshots: SnapshotSummary[];
}

/** Response of `POST /api/boards/:id/snapshots` (201). */
export interface CreateSnapshotResponse {
  id: string;
  label: string;
  createdAt: string;
  package: SnapshotPackage;
}

/** Response of `POST /api/boards/:id/snapshots/:snapshotId/revert`: the version kept before it. */
export interface RevertResponse {
  versionId: string;
}

/** Response of `POST /api/boards/:id/snapshots/:snapshotId/restore` (201): the new board. */
export type RestoreResponse = CreateBoardResponse;

/** One file of a package as re-checked by `POST …/:snapshotId/verify`. */
export interface VerifiedFile {
  path: string;
  /** `ok`, a different hash (`mismatch`), listed but absent (`missing`), or present but not listed (`unlisted`). */
  result: 'ok' | 'mismatch' | 'missing' | 'unlisted';
}

/** Response of `POST /api/boards/:id/snapshots/:snapshotId/verify`. */
export interface VerifyResponse {
  valid: boolean;
  sha256: string;
  files: VerifiedFile[];
}

/** Response of `POST /api/boards/:id/assets` (201): `src` is what the image shape stores. */
export interface UploadAssetResponse {
  sha256: string;
  src: string;
  mimeType: string;
  bytes: number;
}

/**
 * Header with the display name the actor gave (percent-encoded UTF-8, at most
 * `snapshotTextLimits.actorName` characters) on snapshot actions: kept as the actor's name in
 * the snapshot and the audit log beside the token's role. Optional.
 */
export const actorNameHeader = 'X-Actor-Name';

/** One board of `GET /api/archive` (the operator's archive page). */
export interface ArchiveBoard {
  id: string;
  title: string;
  municipality: string | null;
  neighbourhood: string | null;
  createdAt: string;
  /** Archived snapshots only (no versions), newest first. */
  snapshots: SnapshotSummary[];
}

/** Response of `GET /api/archive`. */
export interface ArchiveList {
  boards: ArchiveBoard[];
}

/** One entry of `GET /api/boards/:id/audit`: who did what and when — never a token. */
export interface AuditLogEntry {
  at: string;
  action: string;
  actor: SnapshotActor;
  detail: Record<string, string | number | boolean | null>;
}

/** Response of `GET /api/boards/:id/audit`. */
export interface AuditLog {
  entries: AuditLogEntry[];
}

/** One tldraw page of a snapshot drawn as SVG (fonts embedded) and PNG: what the render page makes and the archive holds. */
export interface RenderedPage {
  pageId: string;
  name: string;
  svg: string;
  png: Uint8Array;
}

/** A snapshot's images: every page, and a ~320 px wide PNG of the first page. */
export interface RenderedBoard {
  pages: RenderedPage[];
  thumbnail: Uint8Array;
}
