import type { BoardLanguage, Role } from '@koppelbord/contract';
import type { RenderedPage } from '@koppelbord/contract';

/** What the municipality decides about its records; from configuration (see NOTES-archive.md for the variables). */
export interface ArchiveSettings {
  /** Name of this Koppelbord installation: identificatieBron "Koppelbord <instance>". */
  instance: string;
  /** TOOI code of the municipality (`gm0363`), or null: the archiefvormer is named only. */
  municipalityCode: string | null;
  /** MDTO waardering: B (blijvend), V (tijdelijk), N (nader te bepalen, the default). */
  waardering: 'B' | 'V' | 'N';
  /** Retention period as an xsd:duration (`P10Y`); null leaves bewaartermijn out. */
  bewaartermijn: string | null;
  /** The selectielijst category the retention is based on; null leaves informatiecategorie out. */
  informatiecategorie: { label: string; code: string | null; list: string } | null;
  /** beperkingGebruikType's label; default MDTO's "Nader te bepalen". */
  beperkingGebruik: string;
  contact: { name: string | null; email: string | null };
}

/** Someone who was on the board in the session. `speaksFor`: a catalogue key or their own text. */
export interface ArchiveParticipant {
  role: Role;
  name: string | null;
  speaksFor: string | null;
}

export type { RenderedPage };

export interface ArchiveInput {
  snapshot: { id: string; label: string; createdAt: Date; actor: { role: Role | 'system'; name: string | null }; includeNames: boolean };
  board: { id: string; title: string; municipality: string | null; neighbourhood: string | null; createdAt: Date; language: BoardLanguage };
  /** The snapshot's Yjs state (Y.encodeStateAsUpdate of the server's doc). */
  state: Uint8Array;
  /** The previous snapshot's state (for "changes since the previous snapshot"), or null. */
  previous: { label: string; createdAt: Date; state: Uint8Array } | null;
  participants: ArchiveParticipant[];
  /** Board images, one per tldraw page (from the render worker or an upload). */
  pages: RenderedPage[];
  /** Bytes of image assets the records reference, by their `src` (inlined as data URLs in the .tldr). */
  assets: ReadonlyMap<string, { mimeType: string; data: Uint8Array }>;
  settings: ArchiveSettings;
}

export interface PackageFile {
  /** Relative to the bag root (`data/…` or a tag file). */
  path: string;
  sha256: string;
  bytes: number;
}

export interface BuiltPackage {
  /** Base name, ASCII, no spaces: `koppelbord_gm0363_<boardid>_20261128T153000Z`. */
  name: string;
  zip: Uint8Array;
  sha256: string;
  bytes: number;
  /** The pakbon XML that lies next to the zip (carries the zip's SHA-256). */
  pakbon: string;
  /** Every file in the bag, path relative to the bag root. */
  files: PackageFile[];
  pdf: 'PDF/A-2b' | 'PDF';
  invalidRecords: number;
}
