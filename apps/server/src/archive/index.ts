// Placeholder until the archive builder lands (branch i11-archive replaces this file).
import * as Y from 'yjs';
import type { SerializedSchema, UnknownRecord } from '@tldraw/store';
import { createBoardSchema } from '@koppelbord/board-model';
import { checkDocRecord, readDocSnapshot } from '@koppelbord/tldraw-yjs';

const schema = createBoardSchema();

export function snapshotRecords(state: Uint8Array): { records: UnknownRecord[]; schema: SerializedSchema; invalid: number } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const snapshot = readDocSnapshot(doc);
  doc.destroy();
  const records: UnknownRecord[] = [];
  let invalid = 0;
  for (const value of Object.values(snapshot?.store ?? {})) {
    const check = checkDocRecord(schema, value.id, value, snapshot?.schema ?? null);
    if (check.ok) records.push(check.record as unknown as UnknownRecord);
    else invalid++;
  }
  return { records, schema: schema.serialize(), invalid };
}

import type { BoardLanguage, Role, VerifyResponse } from '@koppelbord/contract';
export interface ArchiveSettings {
  instance: string;
  municipalityCode: string | null;
  waardering: 'B' | 'V' | 'N';
  bewaartermijn: string | null;
  informatiecategorie: { label: string; code: string | null; list: string } | null;
  beperkingGebruik: string;
  contact: { name: string | null; email: string | null };
}
export interface ArchiveParticipant { role: Role; name: string | null; speaksFor: string | null }
export interface RenderedPage { pageId: string; name: string; svg: string; png: Uint8Array }
export interface ArchiveInput {
  snapshot: { id: string; label: string; createdAt: Date; actor: { role: Role | 'system'; name: string | null }; includeNames: boolean };
  board: { id: string; title: string; municipality: string | null; neighbourhood: string | null; createdAt: Date; language: BoardLanguage };
  state: Uint8Array;
  previous: { label: string; createdAt: Date; state: Uint8Array } | null;
  participants: ArchiveParticipant[];
  pages: RenderedPage[];
  assets: ReadonlyMap<string, { mimeType: string; data: Uint8Array }>;
  settings: ArchiveSettings;
}
export interface BuiltPackage {
  name: string;
  zip: Uint8Array; sha256: string; bytes: number;
  pakbon: string;
  files: { path: string; sha256: string; bytes: number }[];
  pdf: 'PDF/A-2b' | 'PDF';
  invalidRecords: number;
}
export function verifyArchivePackage(_zip: Uint8Array): VerifyResponse { throw new Error('todo'); }
export class PackageBuilder {
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(_options: { timeoutMs: number }) {}
  build(_input: ArchiveInput): Promise<BuiltPackage> { return Promise.reject(new Error('todo')); }
  close(): Promise<void> { return Promise.resolve(); }
}
