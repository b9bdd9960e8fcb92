import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@koppelbord/contract';
import { SqliteStore, type BoardRecord, type BoardStore, type PendingWrite, type Store } from '@koppelbord/server';
import { connectSynced, type TestClient } from '../helpers/client.ts';
import { startTestServer, tempDataDir, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * The real SQLite store behind an asynchronous interface (as a networked store has), with a
 * switch that makes writes fail, as a full disk or a lost database connection would.
 */
class FailingWrites implements Store {
  failing = false;
  attempts = 0;
  readonly #inner: SqliteStore;
  constructor(inner: SqliteStore) {
    this.#inner = inner;
  }
  async appendUpdates(batch: readonly PendingWrite[]): Promise<number[]> {
    this.attempts++;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failing) throw new Error('SQLITE_FULL: database or disk is full');
    return this.#inner.appendUpdates(batch);
  }
  createBoard = (board: BoardRecord, initialUpdate: Uint8Array) => this.#inner.createBoard(board, initialUpdate);
  getBoard = (id: string) => this.#inner.getBoard(id);
  loadDocument = (boardId: string) => this.#inner.loadDocument(boardId);
  compact: BoardStore['compact'] = (boardId, snapshot, mergedSeqs) => this.#inner.compact(boardId, snapshot, mergedSeqs);
  readUpdatesAfter: BoardStore['readUpdatesAfter'] = (boardId, afterSeq) => this.#inner.readUpdatesAfter(boardId, afterSeq);
  headSequences: BoardStore['headSequences'] = (boardIds) => this.#inner.headSequences(boardIds);
  releaseMemory = () => this.#inner.releaseMemory();
  close = () => this.#inner.close();
  // Snapshots are not under test here: straight to the real store.
  insertSnapshot: Store['insertSnapshot'] = (snapshot) => this.#inner.insertSnapshot(snapshot);
  listSnapshots: Store['listSnapshots'] = (boardId) => this.#inner.listSnapshots(boardId);
  getSnapshotMeta: Store['getSnapshotMeta'] = (boardId, id) => this.#inner.getSnapshotMeta(boardId, id);
  latestSnapshotMeta: Store['latestSnapshotMeta'] = (boardId, kind) => this.#inner.latestSnapshotMeta(boardId, kind);
  getSnapshot: Store['getSnapshot'] = (boardId, id) => this.#inner.getSnapshot(boardId, id);
  deleteSnapshot: Store['deleteSnapshot'] = (boardId, id, audit) => this.#inner.deleteSnapshot(boardId, id, audit);
  deleteVersions: Store['deleteVersions'] = (boardId, ids) => this.#inner.deleteVersions(boardId, ids);
  insertPackage: Store['insertPackage'] = (pkg, pending) => this.#inner.insertPackage(pkg, pending);
  pendingExports: Store['pendingExports'] = () => this.#inner.pendingExports();
  getPackage: Store['getPackage'] = (id) => this.#inner.getPackage(id);
  packageInfo: Store['packageInfo'] = (ids) => this.#inner.packageInfo(ids);
  snapshotsWithoutPackage: Store['snapshotsWithoutPackage'] = () => this.#inner.snapshotsWithoutPackage();
  setExportStatus: Store['setExportStatus'] = (status) => this.#inner.setExportStatus(status);
  exportStatuses: Store['exportStatuses'] = (ids) => this.#inner.exportStatuses(ids);
  appendAudit: Store['appendAudit'] = (entry) => this.#inner.appendAudit(entry);
  listAudit: Store['listAudit'] = (boardId) => this.#inner.listAudit(boardId);
  listAuditAfter: Store['listAuditAfter'] = (afterId, limit) => this.#inner.listAuditAfter(afterId, limit);
  lastAuditId: Store['lastAuditId'] = () => this.#inner.lastAuditId();
  listBoards: Store['listBoards'] = () => this.#inner.listBoards();
  putAsset: Store['putAsset'] = (asset) => this.#inner.putAsset(asset);
  getAsset: Store['getAsset'] = (boardId, sha256) => this.#inner.getAsset(boardId, sha256);
  // Invites and board administration: straight to the real store.
  createInvites: Store['createInvites'] = (invites, audit) => this.#inner.createInvites(invites, audit);
  getInvite: Store['getInvite'] = (id) => this.#inner.getInvite(id);
  listInvites: Store['listInvites'] = (boardId) => this.#inner.listInvites(boardId);
  revokeInvite: Store['revokeInvite'] = (boardId, id, at, audit) => this.#inner.revokeInvite(boardId, id, at, audit);
  setInviteRole: Store['setInviteRole'] = (boardId, id, role, audit) => this.#inner.setInviteRole(boardId, id, role, audit);
  rotateOwnerInvite: Store['rotateOwnerInvite'] = (boardId, next, audit) => this.#inner.rotateOwnerInvite(boardId, next, audit);
  recordInviteUse: Store['recordInviteUse'] = (id, at) => this.#inner.recordInviteUse(id, at);
  openRound: Store['openRound'] = (round, maxRounds, audit) => this.#inner.openRound(round, maxRounds, audit);
  listRounds: Store['listRounds'] = (boardId) => this.#inner.listRounds(boardId);
  getRound: Store['getRound'] = (boardId, roundId) => this.#inner.getRound(boardId, roundId);
  closeRound: Store['closeRound'] = (boardId, roundId, at, reveal, audit) => this.#inner.closeRound(boardId, roundId, at, reveal, audit);
  putBallot: Store['putBallot'] = (boardId, ballot) => this.#inner.putBallot(boardId, ballot);
  getBallot: Store['getBallot'] = (roundId, participantId) => this.#inner.getBallot(roundId, participantId);
  listBallots: Store['listBallots'] = (roundId) => this.#inner.listBallots(roundId);
  ballotCounts: Store['ballotCounts'] = (boardId) => this.#inner.ballotCounts(boardId);
  renameBoard: Store['renameBoard'] = (boardId, title, audit) => this.#inner.renameBoard(boardId, title, audit);
  deleteBoard: Store['deleteBoard'] = (boardId, audit) => this.#inner.deleteBoard(boardId, audit);
}

let server: TestServer;
let store: FailingWrites;
const clients: TestClient[] = [];
beforeAll(async () => {
  const dataDir = tempDataDir();
  store = new FailingWrites(SqliteStore.open(dataDir, { durability: 'process-crash' }));
  server = await startTestServer({ dataDir, sync: { storeRetries: 2 } }, { store });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('when the store fails', () => {
  it('keeps edits unseen while they cannot be stored, closes editors with 1013, and publishes them once stored', async () => {
    const board = await server.createBoard();
    const editor = await connectSynced(server.wsUrl, board.id, tokenOf(board.links.edit));
    const viewer = await connectSynced(server.wsUrl, board.id, tokenOf(board.links.view));
    clients.push(editor, viewer);
    editor.doc.getMap('shapes').set('before', 1);
    await waitFor(() => viewer.doc.getMap('shapes').get('before') === 1, 'a stored edit to arrive');

    store.failing = true;
    const attemptsBefore = store.attempts;
    editor.doc.getMap('shapes').set('during', 2);
    const close = await waitFor(() => editor.closes[0], 'the editor to be sent away', 15_000);
    expect(close.code).toBe(CloseCode.tryAgainLater);
    expect(store.attempts - attemptsBefore).toBeGreaterThan(2);
    // Not durable, so not visible: the viewer never saw it, and the viewer stays connected.
    expect(viewer.doc.getMap('shapes').has('during')).toBe(false);
    expect(viewer.provider.wsconnected).toBe(true);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { unpersistedUpdates: number };
    expect(health.unpersistedUpdates).toBeGreaterThan(0);

    // The store comes back: the retry stores the edit, and only then is it broadcast.
    store.failing = false;
    await waitFor(() => viewer.doc.getMap('shapes').get('during') === 2, 'the edit to be stored and published', 15_000);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^koppelbord_commit_failures_total [1-9]/m);
  });
});
