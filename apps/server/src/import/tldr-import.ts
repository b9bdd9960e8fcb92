import type { MigrationFailureReason, StoreSchema } from '@tldraw/store';
import * as Y from 'yjs';
import { z } from 'zod';
import type { createBoardSchema } from '@koppelbord/board-model';
import { checkDocRecord, getMetaMap, getRecordsMap, META_SCHEMA_KEY, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { sha256Hex, sniffImage, type ImageMimeType } from '../assets/index.ts';

type BoardSchema = ReturnType<typeof createBoardSchema>;
type BoardRecord = BoardSchema extends StoreSchema<infer R, infer _P> ? R : never;

/** A refusal of the file, with the HTTP status and code the API answers it with. */
export class TldrImportError extends Error {
  readonly status: 400 | 413 | 415;
  readonly code: string;
  readonly details: unknown;

  constructor(status: 400 | 413 | 415, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** An image that the file held inline (a data URL), to be stored as a board asset. */
export interface InlineImage {
  assetId: string;
  sha256: string;
  mimeType: ImageMimeType;
  data: Uint8Array;
}

export interface TldrImportOptions {
  /** The new board's title: it becomes the document's name. */
  title: string;
  /** Largest inline image (`MAX_ASSET_BYTES`). */
  maxAssetBytes: number;
  /** Deepest nesting of a value in a record (`MAX_VALUE_DEPTH`, as for what clients write). */
  maxValueDepth: number;
  /** The `src` an image asset gets once its bytes are stored (the asset endpoint's URL). */
  srcFor: (sha256: string) => string;
}

export interface ImportedTldr {
  /** Document-scope records, migrated to the board schema and valid under it; no data URLs. */
  records: BoardRecord[];
  /** The inline images, to be put in the asset store before the board is used. */
  images: InlineImage[];
}

/**
 * tldraw's file format (`serializeTldrawJson` / `parseTldrawJsonFile` in tldraw): a format
 * version (1 today), the schema the records were written with, and the records. Fields
 * besides these three are ignored, as the records' own fields are checked by the schema.
 */
const LATEST_FILE_FORMAT_VERSION = 1;
const serializedSchema = z.union([
  z.object({ schemaVersion: z.literal(2), sequences: z.record(z.string(), z.number().int().nonnegative()) }),
  z.object({
    schemaVersion: z.literal(1),
    storeVersion: z.number().int().nonnegative(),
    recordVersions: z.record(
      z.string(),
      z.object({ version: z.number().int().nonnegative(), subTypeVersions: z.record(z.string(), z.number().int().nonnegative()).optional(), subTypeKey: z.string().optional() }),
    ),
  }),
]);
const tldrFile = z.object({
  tldrawFileFormatVersion: z.number().int().positive(),
  schema: serializedSchema,
  records: z.array(z.looseObject({ id: z.string().min(1), typeName: z.string().min(1) })),
});

/** Record types kept on the device, never in a board (the web binding's `excludeTypeNames`): a tldraw user's name and preferences. */
const localTypeNames = new Set(['user']);
const SHAPE_SEQUENCE_PREFIX = 'com.tldraw.shape.';
const DATA_URL = /^\s*data:/i;
const MAX_LISTED_PROBLEMS = 5;

const invalid = (message: string, details?: unknown) => new TldrImportError(400, 'invalid_tldr', message, details);

/**
 * The shape types the schema knows. tldraw gives each shape type's props migrations the
 * sequence `com.tldraw.shape.<type>` (its own shapes and custom ones alike), so the
 * serialized schema lists them without reaching into the shape validator.
 */
function knownShapeTypes(schema: BoardSchema): Set<string> {
  return new Set(
    Object.keys(schema.serialize().sequences)
      .filter((sequence) => sequence.startsWith(SHAPE_SEQUENCE_PREFIX))
      .map((sequence) => sequence.slice(SHAPE_SEQUENCE_PREFIX.length)),
  );
}

/** Depth of nested arrays/objects in `value`, without recursion (a hostile file may nest deeply). */
function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= maxDepth) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

const migrationMessage = (reason: MigrationFailureReason) =>
  reason === 'target-version-too-new'
    ? 'The file was made with a newer version of tldraw than this server knows; it cannot be opened here'
    : `The file's records could not be migrated to the board's schema (${reason})`;

/** The bytes of a data URL (base64 or percent-encoded), decoded by the platform's fetch. */
async function dataUrlBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url.trim());
  return new Uint8Array(await response.arrayBuffer());
}

/** Only the images that shapes use are kept, as tldraw itself does when it reads a file. */
function usedAssetIds(records: readonly { typeName: string }[]): Set<string> {
  const used = new Set<string>();
  for (const record of records) {
    const props = (record as { props?: unknown }).props;
    if (record.typeName !== 'shape' || typeof props !== 'object' || props === null) continue;
    const assetId = (props as { assetId?: unknown }).assetId;
    if (typeof assetId === 'string') used.add(assetId);
  }
  return used;
}

/**
 * Reads a parsed `.tldr` (ours, or one saved from tldraw.com) for a new board: checks its
 * outer shape, refuses shapes of types the board schema does not know, keeps the
 * document-scope records, migrates them with tldraw's own migrations, validates each with
 * the board schema, and takes inline (data URL) images out of the records — they are
 * sniffed and size-checked here and stored by the caller, the records get their asset URL.
 */
export async function readTldrFile(schema: BoardSchema, file: unknown, options: TldrImportOptions): Promise<ImportedTldr> {
  const parsed = tldrFile.safeParse(file);
  if (!parsed.success) {
    const legacy = typeof file === 'object' && file !== null && typeof (file as { document?: { version?: unknown } }).document?.version === 'number';
    if (legacy) throw invalid('This is a file of tldraw version 1, which cannot be opened; open it at tldraw.com and save it again first');
    const first = parsed.error.issues[0];
    throw invalid(`This is not a tldraw file (.tldr): ${first ? `${first.path.join('.') || 'file'}: ${first.message}` : 'unreadable'}`);
  }
  const { tldrawFileFormatVersion, schema: fileSchema, records: fileRecords } = parsed.data;
  if (tldrawFileFormatVersion > LATEST_FILE_FORMAT_VERSION) {
    throw invalid(`The file's format version (${tldrawFileFormatVersion}) is newer than this server knows (${LATEST_FILE_FORMAT_VERSION})`);
  }

  const types = schema.types as Record<string, { scope: string } | undefined>;
  const unknownRecordTypes = new Set<string>();
  const unknownShapeTypes = new Set<string>();
  const shapeTypes = knownShapeTypes(schema);
  const ids = new Set<string>();
  for (const record of fileRecords) {
    if (ids.has(record.id)) throw invalid(`The file holds record ${record.id} twice`);
    ids.add(record.id);
    if (!Object.hasOwn(types, record.typeName)) unknownRecordTypes.add(record.typeName);
    else if (record.typeName === 'shape') {
      const type = (record as { type?: unknown }).type;
      if (typeof type !== 'string' || !shapeTypes.has(type)) unknownShapeTypes.add(String(type));
    }
  }
  if (unknownShapeTypes.size > 0) {
    const list = [...unknownShapeTypes].sort();
    throw new TldrImportError(400, 'unknown_shape_types', `The file has shapes of types this board does not know: ${list.join(', ')}`, { types: list });
  }
  if (unknownRecordTypes.size > 0) {
    throw invalid(`The file has records of types this board does not know: ${[...unknownRecordTypes].sort().join(', ')}`);
  }

  // Said before migrating, and by name (tldraw's store would only log "Incompatible schema?").
  if (fileSchema.schemaVersion === 2) {
    const ours = schema.serialize().sequences;
    const newer = Object.entries(fileSchema.sequences).filter(([sequence, version]) => Object.hasOwn(ours, sequence) && version > ours[sequence]!);
    if (newer.length > 0) {
      throw invalid(`The file was made with a newer version of tldraw than this server knows (${newer.map(([sequence, version]) => `${sequence} ${version} > ${ours[sequence]}`).join(', ')}); it cannot be opened here`);
    }
  }

  // Session and presence records (camera, selection, pointer) are one person's view; user
  // records hold a tldraw user's name. Neither belongs in a shared board.
  const documentRecords = fileRecords.filter((record) => types[record.typeName]?.scope === 'document' && !localTypeNames.has(record.typeName));
  const used = usedAssetIds(documentRecords);
  const kept = documentRecords.filter((record) => record.typeName !== 'asset' || used.has(record.id));

  let migrated: Record<string, unknown>;
  try {
    const store = Object.fromEntries(kept.map((record) => [record.id, record])) as unknown as Record<string, BoardRecord>;
    const result = schema.migrateStoreSnapshot({ store, schema: fileSchema as Parameters<BoardSchema['migrateStoreSnapshot']>[0]['schema'] });
    if (result.type === 'error') throw invalid(migrationMessage(result.reason));
    migrated = result.value;
  } catch (error) {
    if (error instanceof TldrImportError) throw error;
    throw invalid(`The file's records could not be migrated to the board's schema: ${error instanceof Error ? error.message : String(error)}`);
  }

  const records: BoardRecord[] = [];
  const problems: string[] = [];
  for (const [id, value] of Object.entries(migrated)) {
    if (exceedsDepth(value, options.maxValueDepth)) {
      problems.push(`${id}: nested deeper than ${options.maxValueDepth} levels`);
      continue;
    }
    const check = checkDocRecord(schema, id, value);
    if (check.ok) records.push(check.record as unknown as BoardRecord);
    else problems.push(`${id}: ${check.problem}`);
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
    const more = problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : '';
    throw invalid(`${problems.length} record(s) in the file are not valid: ${listed}${more}`, { problems });
  }

  const images = await takeInlineImages(records, options);
  ensureDocumentAndPage(schema, records, options.title);
  return { records, images };
}

/**
 * Replaces every data URL in the asset records: an image's or video's `src` becomes the
 * asset URL of its stored bytes (which must be an image we accept, within the size limit);
 * other data URLs (a bookmark's preview image or icon) are dropped, as the binding does.
 */
async function takeInlineImages(records: BoardRecord[], options: TldrImportOptions): Promise<InlineImage[]> {
  const images = new Map<string, InlineImage>();
  for (const [index, record] of records.entries()) {
    if (record.typeName !== 'asset') continue;
    const props = { ...(record.props as Record<string, unknown>) };
    let changed = false;
    for (const [key, value] of Object.entries(props)) {
      if (typeof value !== 'string' || !DATA_URL.test(value)) continue;
      changed = true;
      if (key !== 'src') {
        props[key] = '';
        continue;
      }
      let data: Uint8Array;
      try {
        data = await dataUrlBytes(value);
      } catch {
        throw invalid(`The image of ${record.id} is not a readable data URL`);
      }
      if (data.byteLength > options.maxAssetBytes) {
        throw new TldrImportError(413, 'asset_too_large', `The image of ${record.id} is over ${options.maxAssetBytes} bytes`);
      }
      const sniffed = sniffImage(data);
      if (!sniffed.ok) throw new TldrImportError(415, sniffed.code, `${record.id}: ${sniffed.message}`);
      const sha256 = sha256Hex(data);
      images.set(sha256, { assetId: record.id, sha256, mimeType: sniffed.mimeType, data });
      props.src = options.srcFor(sha256);
      if ('mimeType' in props) props.mimeType = sniffed.mimeType;
    }
    if (changed) records[index] = { ...record, props } as BoardRecord;
  }
  return [...images.values()];
}

/** A board needs its document record (named after the board) and at least one page. */
function ensureDocumentAndPage(schema: BoardSchema, records: BoardRecord[], title: string): void {
  const documentIndex = records.findIndex((record) => record.typeName === 'document');
  const existing = documentIndex >= 0 ? records[documentIndex] : undefined;
  const document = schema.types.document.validate({ ...schema.types.document.create({ id: 'document:document' as never }), ...existing, name: title });
  if (existing) records[documentIndex] = document;
  else records.unshift(document);
  if (!records.some((record) => record.typeName === 'page')) {
    records.push(schema.types.page.validate(schema.types.page.create({ name: 'Pagina 1', index: 'a1' as never })));
  }
}

/**
 * The new board's first state: the schema and the records, written as the binding lays them
 * out (tldraw-yjs README), in one update.
 */
export function tldrSeedUpdate(schema: BoardSchema, records: readonly BoardRecord[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    const map = getRecordsMap(doc);
    doc.transact(() => {
      getMetaMap(doc).set(META_SCHEMA_KEY, schema.serialize());
      for (const record of records) writeRecordEntry(map, record.id, record);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
