import { useEffect, useMemo, useState } from 'react';
import {
  AssetRecordType,
  atom,
  computed,
  createPresenceStateDerivation,
  createTLStore,
  createUserId,
  getHashForString,
  defaultBindingUtils,
  defaultShapeUtils,
  InstancePresenceRecordType,
  Tldraw,
  UserRecordType,
  type Editor,
  type TLUserPreferences,
} from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import 'tldraw/tldraw.css';
import { canEdit, type BoardLanguage, type Role } from '@koppelbord/contract';
import { bindStoreToDoc, type BindingStatus } from '@koppelbord/tldraw-yjs';
import type { Participant } from '../device/storage.ts';
import { isCardType } from '../editor/add-cards.ts';
import { openCardFormOnGesture } from '../editor/card-form-request.ts';
import { settleAfterKeyboardMoves } from '../editor/quadrant-placement.ts';
import { keepPinnedUnselectable } from '../editor/scaffold.ts';
import { placePlansForThisYear } from '../editor/plan-placement.ts';
import { koppelShapeUtils } from '../shapes/index.ts';
import { followLevelOfDetail } from '../shapes/level-of-detail.ts';
import { boardAssetStore, boardImageMimeTypes } from '../sync/asset-store.ts';
import type { BoardConnection } from '../sync/board-connection.ts';
import { syncPresence } from '../sync/presence.ts';
import { CutConfirmation } from './cut-confirmation.tsx';
import { boardShapeUtils } from './localized-scaffold.tsx';
import { koppelEditorOptions, koppelUiComponents, koppelUiOverrides } from './tldraw-ui.tsx';

declare global {
  interface Window {
    /**
     * tldraw's debugging convention, kept on purpose: the browser tests and `pnpm bench:web`
     * drive and read the board through it, as an operator can from the console.
     */
    editor?: Editor;
  }
}

// Fonts, icons and translations bundled by Vite and served by our own server (no CDN).
const assetUrls = getAssetUrlsByImport();
// No video upload: the server stores images only. One array for the editor's lifetime (tldraw
// rebuilds its shape utils when this prop's identity changes).
const noVideos: readonly string[] = [];

/**
 * Why the binding keeps a board read-only although this participant may edit it: one of the
 * binding's schema reasons (a viewer link's read-only access is the role's, not a block).
 */
export type BlockReason = Exclude<Extract<BindingStatus, { readOnly: true }>['reason'], 'read-only-access'>;

export interface BoardEditorProps {
  connection: BoardConnection;
  /** The board and this device's token for it: images are uploaded with it. */
  boardId: string;
  token: string;
  role: Role;
  participant: Participant;
  locale: BoardLanguage;
  licenseKey: string | undefined;
  /** Told when the board must stay read-only for a reason other than the role. */
  onBlocked(reason: BlockReason | null): void;
  /** Told once the editor is mounted (and with null when it goes). */
  onEditor(editor: Editor | null): void;
}

/** The tldraw editor on the board's Y.Doc, with presence; mount it once the doc is loaded. */
export function BoardEditor({ connection, boardId, token, role, participant, locale, licenseKey, onBlocked, onEditor }: BoardEditorProps) {
  const editable = canEdit(role);
  // One store for the editor's lifetime: a new store identity would remount tldraw.
  const [{ store, mode, currentUser }] = useState(() => {
    const currentUser = atom('current user', UserRecordType.create({ id: createUserId(participant.id), name: participant.name, color: participant.colour }));
    const mode = atom<'readonly' | 'readwrite'>('collaboration mode', editable ? 'readwrite' : 'readonly');
    const status = computed('collaboration status', () => (connection.status.get() === 'connected' ? 'online' : 'offline'));
    const store = createTLStore({
      shapeUtils: [...defaultShapeUtils, ...koppelShapeUtils],
      bindingUtils: defaultBindingUtils,
      users: { currentUser },
      collaboration: { status, mode },
      // Dropped and pasted images are uploaded; the doc holds their URL, never their bytes.
      assets: boardAssetStore(boardId, token),
    });
    return { store, mode, currentUser };
  });

  // The participant's name, colour and language are tldraw's user preferences as well.
  const user = useMemo(() => {
    const preferences = atom<TLUserPreferences>('user preferences', {
      id: participant.id,
      name: participant.name,
      color: participant.colour,
      locale,
    });
    return { userPreferences: preferences, setUserPreferences: (next: TLUserPreferences) => preferences.set({ ...next, id: participant.id }) };
  }, [participant.id, participant.name, participant.colour, locale]);

  useEffect(() => {
    currentUser.set(UserRecordType.create({ id: createUserId(participant.id), name: participant.name, color: participant.colour }));
  }, [currentUser, participant]);

  useEffect(() => {
    const follow = (status: BindingStatus) => {
      const blocked = status.readOnly && status.reason !== 'read-only-access' ? status.reason : null;
      onBlocked(blocked);
      if (blocked) mode.set('readonly');
    };
    const binding = bindStoreToDoc(store, connection.doc, {
      readOnly: !editable,
      // tldraw's attribution user records (name, colour) stay out of the board and its archive.
      excludeTypeNames: ['user'],
      onStatusChange: follow,
    });
    follow(binding.status);
    return () => binding.destroy();
  }, [store, connection, editable, mode, onBlocked]);

  useEffect(() => {
    const presence = createPresenceStateDerivation(currentUser, {
      instanceId: InstancePresenceRecordType.createId(String(connection.doc.clientID)),
    })(store);
    return syncPresence(store, connection.provider.awareness, presence, { speaksFor: participant.speaksFor, role });
  }, [store, connection, currentUser, participant.speaksFor, role]);

  return (
    <Tldraw
      store={store}
      shapeUtils={boardShapeUtils}
      user={user}
      assetUrls={assetUrls}
      licenseKey={licenseKey}
      // No embeds (they load third-party sites) and no URL unfurling (it fetches the pasted page):
      // a pasted link becomes a bookmark that holds only the URL.
      embeds={[]}
      acceptedImageMimeTypes={boardImageMimeTypes}
      acceptedVideoMimeTypes={noVideos}
      overrides={koppelUiOverrides}
      options={koppelEditorOptions}
      components={koppelUiComponents}
      onMount={(editor) => {
        window.editor = editor;
        onEditor(editor);
        editor.registerExternalAssetHandler('url', async ({ url }) =>
          AssetRecordType.create({
            id: AssetRecordType.createId(getHashForString(url)),
            type: 'bookmark',
            props: { src: url, title: url, description: '', image: '', favicon: '' },
          }),
        );
        showWholeBoard(editor);
        if (!editable) {
          editor.updateInstanceState({ isReadonly: true });
          editor.setCurrentTool('hand');
        } else placePlansForThisYear(editor);
        const stopPinning = keepPinnedUnselectable(editor);
        const stopLevelOfDetail = followLevelOfDetail(editor);
        const stopGestures = openCardFormOnGesture(editor, isCardType);
        const stopSettling = settleAfterKeyboardMoves(editor);
        return () => {
          stopSettling();
          stopGestures();
          stopPinning();
          stopLevelOfDetail();
          onEditor(null);
          if (window.editor === editor) delete window.editor;
        };
      }}
    >
      <CutConfirmation />
    </Tldraw>
  );
}

/**
 * The first view: everything on the page (a new template board: the whole template), never
 * closer than 100 %. Far out, the cards' level of detail keeps the titles readable.
 */
function showWholeBoard(editor: Editor): void {
  const content = editor.getCurrentPageBounds();
  if (content) editor.zoomToBounds(content, { targetZoom: 1, immediate: true });
}
