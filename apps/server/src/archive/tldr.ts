import type { SerializedSchema } from '@tldraw/store';
import { cardCommentType, type TLRecord } from '@koppelbord/board-model';

/** The record types a .tldr file holds (tldraw's document scope, and the comments on cards); session state stays out. */
const documentTypes = new Set(['document', 'page', 'shape', 'binding', 'asset', cardCommentType]);

export type AssetBytes = ReadonlyMap<string, { mimeType: string; data: Uint8Array }>;

/** The asset ids the shapes use (image and video shapes keep theirs in `props.assetId`). */
function usedAssetIds(records: readonly TLRecord[]): Set<string> {
  const ids = new Set<string>();
  for (const record of records) {
    if (record.typeName !== 'shape') continue;
    const assetId = (record.props as { assetId?: unknown }).assetId;
    if (typeof assetId === 'string') ids.add(assetId);
  }
  return ids;
}

/** An asset with its `src` replaced by the bytes we hold for it, as a data URL; as it was otherwise. */
function inlineAsset(record: TLRecord, assets: AssetBytes): TLRecord {
  if (record.typeName !== 'asset') return record;
  const props = record.props as { src?: unknown };
  if (typeof props.src !== 'string' || props.src.startsWith('data:')) return record;
  const bytes = assets.get(props.src);
  if (!bytes) return record;
  const src = `data:${bytes.mimeType};base64,${Buffer.from(bytes.data).toString('base64')}`;
  return { ...record, props: { ...record.props, src } } as TLRecord;
}

/**
 * The board in tldraw's file format (`{tldrawFileFormatVersion: 1, schema, records}`), as
 * tldraw's own "save a copy" writes it: document-scope records only, assets no shape uses
 * left out, and the images inlined as data URLs so that the file opens in any tldraw without
 * our server. Records in id order, so the same board gives the same text.
 */
export function tldrFile(records: readonly TLRecord[], schema: SerializedSchema, assets: AssetBytes): string {
  const kept = records.filter((record) => documentTypes.has(record.typeName));
  const used = usedAssetIds(kept);
  const out = kept
    .filter((record) => record.typeName !== 'asset' || used.has(record.id))
    .map((record) => inlineAsset(record, assets))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return JSON.stringify({ tldrawFileFormatVersion: 1, schema, records: out });
}
