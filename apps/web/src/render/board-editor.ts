/**
 * A tldraw Editor on a snapshot's records, alone: no sync, no UI, read-only. The records are
 * migrated with the board's schema and checked one by one, so that a record a hostile client
 * managed to store leaves only itself out of the image, not the whole board.
 */
import {
  atom,
  createTLCurrentUser,
  createTLStore,
  defaultAddFontsFromNode,
  defaultBindingUtils,
  defaultShapeUtils,
  Editor,
  loadSnapshot,
  tipTapDefaultExtensions,
  type SerializedSchema,
  type TLRecord,
  type TLStore,
} from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { cardCommentType, koppelRecordSchemas } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { koppelShapeUtils } from '../shapes/index.ts';

/** The record types a board's image is made of; the session types (camera, instance, presence) are the viewer's own. */
const documentTypes = new Set(['document', 'page', 'shape', 'binding', 'asset', cardCommentType]);

// Fonts bundled by Vite and served by our own origin (no CDN), as the board page does.
const fontAssetUrls = getAssetUrlsByImport().fonts;

/** tldraw's shapes and ours, as the board page has them. */
const shapeUtils = [...defaultShapeUtils, ...koppelShapeUtils];

export class RenderInputError extends Error {
  override name = 'RenderInputError';
}

export interface LoadedBoard {
  editor: Editor;
  /** Records left out because they do not validate against the board schema. */
  skipped: number;
  dispose(): void;
}

/** The records that validate, after migrating them from `schema` to this client's schema. */
function validRecords(store: TLStore, records: readonly TLRecord[], schema: SerializedSchema): { records: Record<string, TLRecord>; skipped: number } {
  const byId: Record<string, TLRecord> = {};
  for (const record of records) if (documentTypes.has(record.typeName)) byId[record.id] = record;
  const migrated = store.schema.migrateStoreSnapshot({ schema, store: byId });
  if (migrated.type === 'error') throw new RenderInputError(`The board's records cannot be read with this client's schema (${migrated.reason})`);
  const valid: Record<string, TLRecord> = {};
  let skipped = 0;
  for (const record of Object.values(migrated.value)) {
    try {
      valid[record.id] = store.schema.validateRecord(store, record, 'initialize', null);
    } catch {
      skipped += 1;
    }
  }
  return { records: valid, skipped };
}

/**
 * Loads `records` into a fresh store and an Editor drawn into a container of its own,
 * off-screen in `document` (export lays its SVG out in the editor's container to measure text).
 */
export function loadBoard(input: { records: readonly TLRecord[]; schema: SerializedSchema; locale: BoardLanguage }): LoadedBoard {
  const store = createTLStore({ shapeUtils, bindingUtils: defaultBindingUtils, records: koppelRecordSchemas });
  const { records, skipped } = validRecords(store, input.records, input.schema);
  loadSnapshot(store, { schema: store.schema.serialize(), store: records });

  // Off-screen but laid out (not display:none or visibility:hidden, which the export would
  // read back as the cards' computed style), with tldraw's light-theme variables.
  const container = document.createElement('div');
  container.className = 'tl-container tl-theme__light kb-render';
  container.setAttribute('aria-hidden', 'true');
  Object.assign(container.style, { position: 'fixed', left: '-20000px', top: '0', width: '1600px', height: '1000px', pointerEvents: 'none', contain: 'strict' });
  const inner = document.createElement('div');
  container.appendChild(inner);
  document.body.appendChild(container);

  // Cards speak the user's language (shapes/shape-locale.ts): here, the language asked for.
  const preferences = atom('render user', { id: 'koppelbord-render', locale: input.locale, colorScheme: 'light' as const });
  const editor = new Editor({
    store,
    shapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: [],
    getContainer: () => inner,
    user: createTLCurrentUser({ userPreferences: preferences, setUserPreferences: () => {} }),
    fontAssetUrls,
    options: { text: { tipTapConfig: { extensions: tipTapDefaultExtensions }, addFontsFromNode: defaultAddFontsFromNode } },
  });
  editor.updateInstanceState({ isReadonly: true });
  return {
    editor,
    skipped,
    dispose() {
      editor.dispose();
      container.remove();
    },
  };
}
