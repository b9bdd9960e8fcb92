import { useCallback, useEffect, useRef, useState } from 'react';
import { useValue, type Editor } from 'tldraw';
import { canEdit, CloseCode, type BoardLanguage, type BoardMetadata } from '@koppelbord/contract';
import { whenIdle } from '../device/when-idle.ts';
import { forgetToken, rememberBoard, renameRecentBoard, storedParticipant, storedToken, storeParticipant, storeToken, type Participant } from '../device/storage.ts';
import { isCardType } from '../editor/add-cards.ts';
import { cardFormRequests } from '../editor/card-form-request.ts';
import type { Messages } from '../i18n/messages.ts';
import { AccessEnded, BoardMenu, type AccessEndCause } from '../invites/index.ts';
import { FacilitationBar } from '../facilitation/index.ts';
import { deferred, DeferredPart, warmDeferredParts } from '../lazy/deferred.tsx';
import { CardToolbar } from '../panels/CardToolbar.tsx';
import { ConnectionBadge } from '../panels/ConnectionBadge.tsx';
import { JoinDialog } from '../panels/JoinDialog.tsx';
import { ParticipantList } from '../panels/ParticipantList.tsx';
import { openBoardConnection, type BoardConnection } from '../sync/board-connection.ts';
import { ApiError, fetchBoard } from '../sync/boards-api.ts';
import { BoardEditor, type BlockReason } from './BoardEditor.tsx';
import { SidePanelResizer } from './SidePanelResizer.tsx';
import { useSidePanelWidth } from './side-panel-width.ts';
import { tokenFromFragment } from './board-url.ts';
import { VotingBar } from '../voting/index.ts';
import { licenseKey } from './license.ts';

// Not needed to show the board: fetched when first opened, and all of them once it is shown (lazy/deferred.tsx).
const ShareDialog = deferred('ShareDialog', () => import('../panels/ShareDialog.tsx').then((module) => module.ShareDialog));
const CardPanel = deferred('CardPanel', () => import('../panels/card/CardPanel.tsx').then((module) => module.CardPanel));
const RegisterPanel = deferred('RegisterPanel', () => import('../panels/RegisterPanel.tsx').then((module) => module.RegisterPanel));
const CoveragePanel = deferred('CoveragePanel', () => import('../panels/CoveragePanel.tsx').then((module) => module.CoveragePanel));
const HistoryPanel = deferred('HistoryPanel', () => import('../panels/HistoryPanel.tsx').then((module) => module.HistoryPanel));
const OutlinePanel = deferred('OutlinePanel', () => import('../outline/OutlinePanel.tsx').then((module) => module.OutlinePanel));

/** How long the warm-up of the deferred parts waits for an idle moment once the board is shown. */
const warmIdleWaitMs = 3_000;

type Access = { state: 'loading'; token?: string } | { state: 'ready'; token: string; board: BoardMetadata } | { state: 'failed'; message: string } | { state: 'ended'; cause: AccessEndCause };

/** Takes the token from the link (keeping it on this device, out of the address bar) or from storage. */
function takeToken(boardId: string): string | undefined {
  const fromLink = tokenFromFragment(location.hash);
  if (fromLink) {
    storeToken(boardId, fromLink);
    history.replaceState(null, '', location.pathname);
    return fromLink;
  }
  return storedToken(boardId);
}

export function BoardPage({ boardId, t, locale, languageSwitch }: { boardId: string; t: Messages; locale: BoardLanguage; languageSwitch: React.ReactNode }) {
  const [access, setAccess] = useState<Access>({ state: 'loading' });
  const [participant, setParticipant] = useState<Participant | undefined>(storedParticipant);
  const [editingProfile, setEditingProfile] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [connection, setConnection] = useState<BoardConnection>();
  const [editor, setEditor] = useState<Editor | null>(null);
  // On first join the dialog had nowhere to give the focus back to: the page's start takes it,
  // so the next Tab reaches the skip link, as on a page opened by someone who joined before.
  const pageStart = useRef<HTMLDivElement>(null);
  const [focusPageStart, setFocusPageStart] = useState(false);
  useEffect(() => {
    if (!focusPageStart) return;
    pageStart.current?.focus();
    setFocusPageStart(false);
  }, [focusPageStart]);
  // The title as everyone connected sees it: the tldraw document's name, which a rename sets.
  const docTitle = useValue('document name', () => editor?.getDocumentSettings().name ?? '', [editor]);

  // One connection while this board is open; it ends with the page, or when access fails.
  // Opened while the metadata is still on its way (the board's data comes sooner), and a new
  // one only for a new token (the owner link replaced), not for a rename.
  const openToken = access.state === 'loading' || access.state === 'ready' ? (access.token ?? null) : null;
  useEffect(() => {
    if (openToken === null) return;
    const opened = openBoardConnection(boardId, openToken);
    setConnection(opened);
    return () => {
      opened.destroy();
      setConnection(undefined);
    };
  }, [boardId, openToken]);
  const mayEdit = access.state === 'ready' && canEdit(access.board.role);
  useEffect(() => {
    if (mayEdit) connection?.keepOfflineCopy();
  }, [connection, mayEdit]);
  useEffect(() => {
    if (editor) connection?.boardShown();
  }, [connection, editor]);
  useEffect(() => {
    if (!editor) return;
    return whenIdle(() => void warmDeferredParts(), warmIdleWaitMs);
  }, [editor]);

  useEffect(() => {
    const token = takeToken(boardId);
    if (!token) {
      setAccess({ state: 'failed', message: t.noToken });
      return;
    }
    setAccess({ state: 'loading', token });
    fetchBoard(boardId, token).then(
      (board) => {
        rememberBoard({ ...board, openedAt: new Date().toISOString() });
        setAccess({ state: 'ready', token, board });
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          forgetToken(boardId);
          setAccess({ state: 'ended', cause: 'refused' });
          return;
        }
        const message = error instanceof ApiError && error.status === 404 ? t.boardGone : error instanceof ApiError && error.status < 500 ? t.noAccess : `${t.errorPrefix} ${String(error)}`;
        setAccess({ state: 'failed', message });
      },
    );
    // Deliberately only on boardId: a language switch (t) must not re-check access.
  }, [boardId]);

  if (access.state === 'loading') return <p className="centered">{t.boardLoading}</p>;
  if (access.state === 'ended') return <AccessEnded cause={access.cause} t={t} />;
  if (access.state === 'failed') {
    return (
      <p role="alert" className="centered">
        {access.message} <a href="/">{t.back}</a>
      </p>
    );
  }
  const { board, token } = access;
  const title = docTitle || board.title;

  const renamed = (next: string) => {
    renameRecentBoard(board.id, next);
    // The server renames the board row; the document's name carries it to everyone connected.
    editor?.updateDocumentSettings({ name: next });
    setAccess({ ...access, board: { ...board, title: next } });
  };
  const ownerToken = (next: string) => {
    // The old owner link is revoked; this device and this page go on with the new one.
    storeToken(board.id, next);
    setAccess({ ...access, token: next });
  };

  const join = (next: Participant) => {
    if (!participant) setFocusPageStart(true);
    storeParticipant(next);
    setParticipant(next);
    setEditingProfile(false);
  };

  return (
    // tabIndex -1: not a Tab stop, only where the focus goes after the first join.
    <div className="board-page" ref={pageStart} tabIndex={-1}>
      {/* First Tab stop: past the header and the card toolbar, straight to the cards' fields and the tabs. */}
      <a className="skip-link" href="#side-panel">
        {t.sidePanel.skipTo}
      </a>
      <header className="board-header">
        <a href="/" className="brand">
          Koppelbord
        </a>
        <h1>{title}</h1>
        {connection && <ConnectionBadge status={connection.status} readOnly={!canEdit(board.role)} t={t} />}
        {connection && editor && <FacilitationBar editor={editor} awareness={connection.provider.awareness} status={connection.status} boardId={board.id} token={token} role={board.role} t={t} />}
        <span className="spacer" />
        {board.role === 'owner' && (
          <>
            <button type="button" onClick={() => setSharing(true)}>
              {t.share}
            </button>
            <BoardMenu boardId={board.id} token={token} title={title} t={t} onRenamed={renamed} />
          </>
        )}
        {participant && (
          <button type="button" className="secondary" onClick={() => setEditingProfile(true)}>
            {t.changeProfile}
          </button>
        )}
        {languageSwitch}
      </header>
      {participant && connection && <BoardSession key={participant.id} connection={connection} board={{ ...board, title }} token={token} participant={participant} locale={locale} t={t} onEditor={setEditor} />}
      {(!participant || editingProfile) && (
        <JoinDialog t={t} locale={locale} initial={participant} onJoin={join} onCancel={participant ? () => setEditingProfile(false) : undefined} />
      )}
      {sharing && (
        <DeferredPart t={t} quiet>
          <ShareDialog boardId={board.id} token={token} t={t} onClose={() => setSharing(false)} onOwnerToken={ownerToken} />
        </DeferredPart>
      )}
    </div>
  );
}

interface BoardSessionProps {
  connection: BoardConnection;
  board: BoardMetadata;
  /** This device's token for the board (image uploads). */
  token: string;
  participant: Participant;
  locale: BoardLanguage;
  t: Messages;
  /** The page's header reads the live title from the editor. */
  onEditor(editor: Editor | null): void;
}

/** The editor once the doc is loaded, the participant list, and what ends a session. */
function BoardSession({ connection, board, token, participant, locale, t, onEditor }: BoardSessionProps) {
  const [ready, setReady] = useState(false);
  const [blocked, setBlocked] = useState<BlockReason | null>(null);
  const fatal = useValue('fatal close', () => connection.fatalClose.get(), [connection]);
  const ended = useValue('access ended', () => connection.accessEnded.get(), [connection]);
  useEffect(() => {
    let live = true;
    void connection.ready.then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [connection]);
  const onBlocked = useCallback((reason: BlockReason | null) => setBlocked(reason), []);
  const [editor, setOwnEditor] = useState<Editor | null>(null);
  const setEditor = useCallback(
    (next: Editor | null) => {
      setOwnEditor(next);
      onEditor(next);
    },
    [onEditor],
  );
  const [tab, setTab] = useState<SideTab>('participants');
  // Folded away, the side panel leaves the whole width to the board (one click brings it back).
  const [sideOpen, setSideOpen] = useState(true);
  // Unfolded, its width is the participant's (the handle between board and panel).
  const sideWidth = useSidePanelWidth();
  const editable = canEdit(board.role);

  // Selecting a card brings up its fields, unless one is reading the register or coverage
  // (clicking a register row selects the card too, and should not leave the register).
  const selectedCard = useValue('selected card', () => {
    const shape = editor?.getOnlySelectedShape();
    return shape && isCardType(shape.type) ? shape.id : null;
  }, [editor]);
  useEffect(() => {
    if (selectedCard) setTab((current) => (current === 'participants' ? 'card' : current));
  }, [selectedCard]);
  // Asked explicitly (new card, double-click, Enter): the card tab, whatever was open.
  const formRequest = useValue('card form request', () => (editor ? cardFormRequests(editor).get() : null), [editor]);
  useEffect(() => {
    if (!formRequest) return;
    setTab('card');
    setSideOpen(true);
  }, [formRequest]);

  if (ended !== null) return <AccessEnded cause={ended} t={t} />;
  if (fatal !== null) return <p role="alert" className="centered">{fatal === CloseCode.unknownBoard ? t.boardGone : t.noAccess}</p>;
  if (!ready) return <p className="centered">{t.boardLoading}</p>;
  return (
    <div className="board-body">
      {blocked && (
        <p role="alert" className="banner" data-blocked={blocked}>
          {t.blocked[blocked]}
        </p>
      )}
      <main className="canvas-column" aria-label={t.boardRegion}>
        {editor && editable && !blocked && (
          <CardToolbar
            editor={editor}
            locale={locale}
            speaksFor={participant.speaksFor}
            canLock={board.role === 'owner'}
          />
        )}
        {editor && <VotingBar editor={editor} boardId={board.id} token={token} participant={participant} canVote={editable} isOwner={board.role === 'owner'} t={t} />}
        <div className="canvas">
          <BoardEditor connection={connection} boardId={board.id} token={token} role={board.role} participant={participant} locale={locale} licenseKey={licenseKey()} onBlocked={onBlocked} onEditor={setEditor} />
        </div>
      </main>
      {sideOpen && <SidePanelResizer panel={sideWidth} controls="side-panel" t={t} />}
      {/* tabIndex -1: the skip link moves the focus here. */}
      <aside id="side-panel" tabIndex={-1} className={sideOpen ? 'side' : 'side side--folded'} aria-label={t.sidePanel.label} style={sideOpen ? { width: sideWidth.width } : undefined}>
        <button
          type="button"
          className="side-toggle"
          aria-expanded={sideOpen}
          aria-controls="side-content"
          aria-label={sideOpen ? t.sidePanel.fold : t.sidePanel.unfold}
          title={sideOpen ? t.sidePanel.fold : t.sidePanel.unfold}
          onClick={() => setSideOpen((open) => !open)}
        >
          <span aria-hidden="true">{sideOpen ? '›' : '‹'}</span>
        </button>
        <div id="side-content" className="side-content" hidden={!sideOpen}>
          <div
            role="tablist"
            className="tabs"
            // ARIA tabs: arrow keys move between the tabs, Tab goes on into the open panel.
            onKeyDown={(event) => {
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (step === 0) return;
              event.preventDefault();
              const next = sideTabs[(sideTabs.indexOf(tab) + step + sideTabs.length) % sideTabs.length] ?? tab;
              setTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {sideTabs.map((name) => (
              <button
                key={name}
                id={`tab-${name}`}
                type="button"
                role="tab"
                aria-selected={tab === name}
                aria-controls={`tabpanel-${name}`}
                tabIndex={tab === name ? 0 : -1}
                onClick={() => setTab(name)}
              >
                {t.tabs[name]}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {/* The outline's level 2 under the board's title; the tab shows it already. */}
            <h2 className="visually-hidden">{t.tabs[tab]}</h2>
            {/* Keyed by tab: a part that failed to load does not stand in for the next tab. */}
            <DeferredPart key={tab} t={t}>
              {tab === 'card' && editor && <CardPanel editor={editor} locale={locale} participantId={participant.id} author={participant} readOnly={!editable || blocked !== null} />}
              {tab === 'participants' && <ParticipantList awareness={connection.provider.awareness} locale={locale} t={t} {...(board.role === 'owner' ? { manage: { boardId: board.id, token } } : {})} />}
              {tab === 'register' && editor && (
                <RegisterPanel editor={editor} locale={locale} boardTitle={board.title} municipality={board.municipality ?? ''} neighbourhood={board.neighbourhood ?? ''} />
              )}
              {tab === 'coverage' && editor && <CoveragePanel editor={editor} awareness={connection.provider.awareness} locale={locale} />}
              {tab === 'history' && <HistoryPanel boardId={board.id} role={board.role} locale={locale} />}
              {tab === 'outline' && editor && <OutlinePanel editor={editor} locale={locale} participant={participant} readOnly={!editable || blocked !== null} />}
            </DeferredPart>
          </div>
        </div>
      </aside>
    </div>
  );
}

type SideTab = 'outline' | 'card' | 'participants' | 'register' | 'coverage' | 'history';
// The outline first: the whole board without a pointer, the first tab a screen-reader user meets.
const sideTabs: readonly SideTab[] = ['outline', 'card', 'participants', 'register', 'coverage', 'history'];
