/**
 * One board's Y.Doc and its ways in and out: the websocket to our server (stock
 * y-websocket provider) and, for editors, a copy in IndexedDB so edits made offline survive
 * a closed tab and merge on reconnect.
 */
import { atom, type Atom } from 'tldraw';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { accessEndReasons, CloseCode, type AccessEndReason } from '@koppelbord/contract';
import { docHoldsBoard } from '@koppelbord/tldraw-yjs';
import { deviceIdentity } from '../device/storage.ts';
import { after, whenIdle } from '../device/when-idle.ts';
import { skipUnheardUpdates } from './unheard-updates.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

export interface BoardConnection {
  doc: Y.Doc;
  provider: WebsocketProvider;
  status: Atom<ConnectionStatus>;
  /** Resolves once the doc holds the board: first server sync, or the offline copy if it has one. */
  ready: Promise<void>;
  /** The close code that ended the session: `CloseCode.unauthorized` or `CloseCode.unknownBoard`. */
  fatalClose: Atom<CloseCode | null>;
  /** Why the server ended this device's access (a 4401 with one of `accessEndReasons`), if it did. */
  accessEnded: Atom<AccessEndReason | null>;
  /**
   * Keeps a copy of the doc in IndexedDB (once the board's metadata says the token may edit), so
   * edits made offline survive a closed tab. Viewers keep none: their edits are refused anyway
   * and must not pile up. Later calls do nothing.
   *
   * The copy opens when the socket has not got through (the board may then open from it: on a
   * close, going offline, or after a wait for the first sync), and otherwise once the board is
   * shown and the page is idle, or when the connection drops: it then starts from the whole board
   * in one write, and the board's load is not encoded a second time for it, nor while tldraw
   * builds the board.
   */
  keepOfflineCopy(): void;
  /** The editor shows the board: from now on an offline copy asked for opens at the next idle moment. */
  boardShown(): void;
  destroy(): void;
}

/** Close codes after which reconnecting cannot help: the token is refused, or the board is gone. */
const sessionEndingCloseCodes: ReadonlySet<number> = new Set([CloseCode.unauthorized, CloseCode.unknownBoard]);

/** How long an offline copy asked for waits for the page to be idle once the board is shown. */
const offlineCopyIdleWaitMs = 2_000;
/** How long it waits for the first sync before opening anyway (the socket may hang without closing). */
const offlineCopySocketWaitMs = 3_000;

const isSessionEnding = (code: number): code is CloseCode => sessionEndingCloseCodes.has(code);

/** The named reason of a 4401 close, if the server gave one we know. */
export function accessEndReasonOf(code: number, reason: string): AccessEndReason | null {
  if (code !== CloseCode.unauthorized) return null;
  const found = (Object.keys(accessEndReasons) as AccessEndReason[]).find((key) => accessEndReasons[key] === reason);
  return found ?? null;
}

/**
 * Opens the socket at once, beside the board's metadata request rather than after it (the
 * token alone decides what the server lets through); the offline copy follows when the
 * metadata has told the role (`keepOfflineCopy`).
 */
export function openBoardConnection(boardId: string, token: string): BoardConnection {
  const doc = new Y.Doc();
  const status = atom<ConnectionStatus>('status', 'connecting');
  const fatalClose = atom<CloseCode | null>('fatal close', null);
  const accessEnded = atom<AccessEndReason | null>('access ended', null);
  let ended = false;
  let offline: IndexeddbPersistence | null = null;
  let offlineWanted = false;
  let shown = false;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const provider = new WebsocketProvider(`${scheme}://${location.host}/sync`, boardId, doc, {
    // The participant key lets the server know who acts (votes, comments) without trusting a stated id.
    params: { token, participant: deviceIdentity().key },
    // A viewer tab must not pass edits to an editor tab of the same browser.
    disableBc: true,
  });
  // The server's updates, the whole board first, are not re-encoded for the provider that ignores them.
  const stopSkipping = skipUnheardUpdates(doc, provider, provider._updateHandler);

  provider.on('status', ({ status: next }) => {
    status.set(next === 'connected' ? 'connected' : next === 'connecting' ? 'connecting' : 'offline');
  });
  provider.on('connection-close', (event) => {
    if (!event || !isSessionEnding(event.code)) {
      // Edits made from now on are kept only by the offline copy.
      openOfflineCopyNow();
      return;
    }
    // Retrying cannot help (the stock provider would retry forever with other codes; be
    // explicit rather than rely on its default for 44xx), and the browser coming back
    // online must not reconnect either.
    ended = true;
    provider.disconnect();
    accessEnded.set(accessEndReasonOf(event.code, event.reason));
    fatalClose.set(event.code);
  });
  // When the browser knows the network is gone, say so at once and stop retrying; the
  // edits made meanwhile stay in the doc (and IndexedDB) and sync when it comes back.
  const onOffline = () => {
    openOfflineCopyNow();
    provider.disconnect();
  };
  const onOnline = () => {
    if (!ended) provider.connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);

  let resolveReady = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    resolveReady();
    openOfflineCopySoon();
  });

  /** Cancels the later opening `openOfflineCopySoon` set up (harmless once it has run). */
  let cancelPendingOpen = () => {};
  function openOfflineCopyNow(): void {
    if (!offlineWanted || offline || ended) return;
    cancelPendingOpen();
    offline = new IndexeddbPersistence(`koppelbord:${boardId}`, doc);
    void offline.whenSynced.then(() => {
      // Offline start: only when this device already holds the board.
      if (docHoldsBoard(doc)) resolveReady();
    });
  }
  /**
   * Opens the copy later: when the page is idle once the board is shown, or after a plain wait
   * while the first sync is still on its way (an idle page then only means the network is slow).
   * Between the two, while tldraw builds the board, it waits for `boardShown`.
   */
  function openOfflineCopySoon(): void {
    if (!offlineWanted || offline || ended) return;
    cancelPendingOpen();
    if (shown) cancelPendingOpen = whenIdle(openOfflineCopyNow, offlineCopyIdleWaitMs);
    else if (!provider.synced) cancelPendingOpen = after(openOfflineCopyNow, offlineCopySocketWaitMs);
  }

  return {
    doc,
    provider,
    status,
    ready,
    fatalClose,
    accessEnded,
    keepOfflineCopy() {
      if (offlineWanted || ended) return;
      offlineWanted = true;
      openOfflineCopySoon();
    },
    boardShown() {
      if (shown) return;
      shown = true;
      openOfflineCopySoon();
    },
    destroy() {
      ended = true;
      cancelPendingOpen();
      stopSkipping();
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      provider.destroy();
      void offline?.destroy();
      doc.destroy();
    },
  };
}
