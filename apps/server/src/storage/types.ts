import type { BoardLanguage, Role, SnapshotChangeSummary, SnapshotKind, VotingResult, VotingWeighting } from '@koppelbord/contract';

/** Board metadata as stored. */
export interface BoardRecord {
  id: string;
  title: string;
  municipality: string | null;
  neighbourhood: string | null;
  /** The board's language (its template's, and its archive report's). */
  language: BoardLanguage;
  createdAt: Date;
}

/**
 * One row of a board's append-only update log. `seq` is the board's own sequence number:
 * per board, gapless, starting at 1, in commit order (see `appendUpdates`), so a reader that
 * has seen seq k knows every seq < k of that board is committed.
 */
export interface LoggedUpdate {
  seq: number;
  data: Uint8Array;
}

/** A board's latest compacted state, with its state vector so it can be served unparsed. */
export interface StoredSnapshot {
  state: Uint8Array;
  stateVector: Uint8Array;
}

/** A snapshot as loaded: `servable` when it may be sent to a joiner as it is stored (see `compact`). */
export interface LoadedSnapshot extends StoredSnapshot {
  servable: boolean;
}

/** What loading a board reads: the latest compacted state and the log rows written after it. */
export interface StoredDocument {
  snapshot: LoadedSnapshot | null;
  updates: LoggedUpdate[];
  /** The board's highest committed seq when it was read (same transaction as the rows); 0 for none. */
  headSeq: number;
}

/** What `readUpdatesAfter` reads: the log after a seq, and the snapshot when part of it was compacted away. */
export interface UpdatesAfter {
  headSeq: number;
  updates: LoggedUpdate[];
  snapshot: StoredSnapshot | null;
}

/** An update waiting to be made durable. */
export interface PendingWrite {
  boardId: string;
  data: Uint8Array;
}

/**
 * Durable storage for boards and their Yjs documents. SQLite is the embedded default; the
 * PostgreSQL store implements the same contract. Every method that writes is one
 * transaction: it either lands whole or not at all.
 */
export interface BoardStore {
  /** Creates the board and, in the same transaction, its first log row (the seeded document). */
  createBoard(board: BoardRecord, initialUpdate: Uint8Array): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | undefined>;
  loadDocument(boardId: string): Promise<StoredDocument>;
  /**
   * Appends all updates in one transaction, durable before it resolves; returns each one's
   * seq (of its board) in input order. Per board the seqs are gapless and in commit order,
   * even with several writers on one database (PostgreSQL takes them under the board row's
   * lock; SQLite has one writer and counts in memory). An update for a board that does not exist (deleted meanwhile) is not stored and
   * gets seq 0. The only method that may answer synchronously: it runs once per event-loop
   * turn on the hot path, and an embedded store that can answer at once saves every commit a
   * promise hop.
   */
  appendUpdates(batch: readonly PendingWrite[]): number[] | Promise<number[]>;
  /**
   * Replaces the board's compacted state with `state` and deletes exactly the log rows
   * `mergedSeqs` of that board (never a range: rows written meanwhile must survive), in one
   * transaction. Snapshots written through here load as `servable`: this server's rooms keep
   * updates with missing dependencies out of the state they compact. Snapshots stored before
   * that (schema 1) load as not servable, and are parsed and compacted again before anyone
   * gets them.
   */
  compact(boardId: string, snapshot: StoredSnapshot, mergedSeqs: readonly number[]): Promise<void>;
  /**
   * Log rows of the board with seq > afterSeq, ascending, read in one transaction. `snapshot`
   * is the compacted state, given only when some seq in (afterSeq, headSeq] is no longer in
   * the log (compacted away): applying it (Yjs merges are idempotent) and then `updates`
   * brings a doc that had everything ≤ afterSeq up to headSeq.
   */
  readUpdatesAfter(boardId: string, afterSeq: number): Promise<UpdatesAfter>;
  /** The head seq of each board that exists (one query): the repair poll. */
  headSequences(boardIds: readonly string[]): Promise<Map<string, number>>;
  /** Gives back memory held only for speed (caches): the server calls it when it goes idle. */
  releaseMemory(): void;
  close(): Promise<void>;
}

/** Who did something on a board, as kept in snapshots and the audit log: a role and the name they gave, never a token. */
export interface StoredActor {
  role: Role | 'system';
  name: string | null;
}

/** A participant of a session as the report lists them (names only shown when the owner asks). */
export interface StoredParticipant {
  role: Role;
  name: string | null;
  /** Catalogue key or own text of what they speak for. */
  speaksFor: string | null;
}

/**
 * A snapshot or version: the board's state from the server's own doc and the board's
 * metadata at that moment. Immutable: the store has no method that changes one.
 */
export interface SnapshotRecord {
  id: string;
  boardId: string;
  kind: SnapshotKind;
  label: string;
  createdAt: Date;
  actor: StoredActor;
  board: Pick<BoardRecord, 'title' | 'municipality' | 'neighbourhood' | 'language'>;
  includeNames: boolean;
  participants: StoredParticipant[];
  state: Uint8Array;
  /** Records in `state` that do not validate against the board schema. */
  invalidRecords: number;
  /** What changed since the snapshot or version before it (computed once, when it is stored). */
  changes: SnapshotChangeSummary;
}

/** A snapshot without its state (what listings read). */
export type SnapshotMeta = Omit<SnapshotRecord, 'state'>;

/** A built archive package: stored once per snapshot, never changed. */
export interface StoredPackage {
  snapshotId: string;
  name: string;
  zip: Uint8Array;
  sha256: string;
  pakbon: string;
  thumbnail: Uint8Array | null;
  pdf: 'PDF/A-2b' | 'PDF';
  builtAt: Date;
}

/**
 * A package to store. Its ZIP lies in `zipFile`, which the store takes over: it moves the file
 * into place (or reads it into a database column) and removes it either way, so megabytes of
 * ZIP never pass through the server's JavaScript heap on the way in.
 */
export type NewPackage = Omit<StoredPackage, 'zip'> & { zipFile: string };

/** Whether a package has been written to ARCHIVE_DIR (a mutable status row, apart from the package). */
export interface ArchiveExportStatus {
  snapshotId: string;
  writtenAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/** One entry of a board's append-only audit log. */
export interface AuditEntry {
  boardId: string;
  at: Date;
  actor: StoredActor;
  action: AuditAction;
  detail: Record<string, string | number | boolean | null>;
}

/**
 * What the audit log records. Invite, board and session actions carry the invite's label and
 * id in `detail` (never a token); `write.refused` is a modified client's refused change.
 */
export type AuditAction =
  | 'snapshot.delete'
  | 'invite.create'
  | 'invite.revoke'
  | 'invite.role'
  | 'owner.rotate'
  | 'board.rename'
  | 'board.delete'
  | 'session.end'
  | 'write.refused'
  | 'lock.change'
  | 'voting.open'
  | 'voting.close'
  | 'voting.reveal';

/**
 * Snapshots, versions, their packages and the audit log. Same transaction rules as
 * `BoardStore`: every method that writes is one transaction.
 */
export interface SnapshotStore {
  insertSnapshot(snapshot: SnapshotRecord): Promise<void>;
  /** Newest first, without states. */
  listSnapshots(boardId: string): Promise<SnapshotMeta[]>;
  /** One entry without its state (undefined when the board has none by that id). */
  getSnapshotMeta(boardId: string, snapshotId: string): Promise<SnapshotMeta | undefined>;
  /** The board's newest entry (of `kind`, when given) without its state: the first `listSnapshots` would list. */
  latestSnapshotMeta(boardId: string, kind?: SnapshotKind): Promise<SnapshotMeta | undefined>;
  getSnapshot(boardId: string, snapshotId: string): Promise<SnapshotRecord | undefined>;
  /** Deletes the snapshot, its package and export status, and appends `audit`, in one transaction. False when there was none. */
  deleteSnapshot(boardId: string, snapshotId: string, audit: AuditEntry): Promise<boolean>;
  /** Thinning of automatic versions: deletes exactly these version rows (never snapshots). */
  deleteVersions(boardId: string, versionIds: readonly string[]): Promise<void>;
  /**
   * Stores a package once; a second package for the same snapshot is ignored. With
   * `exportPending` its ARCHIVE_DIR export is recorded as due in the same transaction, so a
   * crash before the write cannot lose it (see `pendingExports`). The store takes over
   * `pkg.zipFile` (see NewPackage), also when it ignores the package.
   */
  insertPackage(pkg: NewPackage, exportPending: boolean): Promise<void>;
  /** Snapshots whose package is not yet written to ARCHIVE_DIR: resumed at start. */
  pendingExports(): Promise<string[]>;
  getPackage(snapshotId: string): Promise<StoredPackage | undefined>;
  /** Package size and hash without the bytes, for listings. */
  packageInfo(snapshotIds: readonly string[]): Promise<Map<string, { bytes: number; sha256: string; hasThumbnail: boolean }>>;
  /** Archived snapshots (kind `snapshot`) that have no package yet, oldest first: resumed at start. */
  snapshotsWithoutPackage(): Promise<{ boardId: string; snapshotId: string }[]>;
  setExportStatus(status: ArchiveExportStatus): Promise<void>;
  exportStatuses(snapshotIds: readonly string[]): Promise<Map<string, ArchiveExportStatus>>;
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(boardId: string): Promise<AuditEntry[]>;
  /**
   * Audit entries with id > afterId, ascending, at most `limit`. `id` is global, gapless and
   * commit-ordered (PostgreSQL: taken from a counter row updated in the writing transaction),
   * so a poller that has seen id k never misses an entry ≤ k committed later. This is how
   * access changes (invite revoke or role, owner rotate, rename, delete, session end) reach
   * other instances.
   */
  listAuditAfter(afterId: number, limit: number): Promise<{ id: number; entry: AuditEntry }[]>;
  /** The highest audit id (0 for none): where a new instance's poll starts. */
  lastAuditId(): Promise<number>;
  /** Every board, for the operator's archive page. */
  listBoards(): Promise<BoardRecord[]>;
}

/** One image of a board, addressed by the SHA-256 of its bytes. */
export interface StoredAsset {
  mimeType: string;
  data: Uint8Array;
}

/**
 * Where board images live. Content-addressed per board: the same bytes uploaded twice are
 * one row, and a stored asset never changes (so it can be cached forever).
 */
export interface AssetStore {
  /** Stores the asset; a second put of the same `(boardId, sha256)` changes nothing. */
  putAsset(asset: { boardId: string; sha256: string; mimeType: string; data: Uint8Array }): Promise<void>;
  getAsset(boardId: string, sha256: string): Promise<StoredAsset | undefined>;
}

/**
 * One link into a board: what a token's invite id points at. The owner link is one too (role
 * `owner`), so it can be rotated. `expiresAt` null: no expiry.
 */
export interface InviteRecord {
  id: string;
  boardId: string;
  role: Role;
  label: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Connections opened with it so far, and the last one's time. */
  uses: number;
  lastUsedAt: Date | null;
}

/**
 * Invites and the owner's board administration. Same transaction rules as `BoardStore`: every
 * method that writes is one transaction, and the audit entry it is given lands in that same
 * transaction (the change is never stored without its audit row, nor the other way round).
 * Methods that change one invite answer undefined when there is no such invite on that board.
 */
export interface InviteStore {
  /** Stores new invites (a new board's three, or one the owner made), with `audit` when given. */
  createInvites(invites: readonly InviteRecord[], audit?: AuditEntry): Promise<void>;
  getInvite(id: string): Promise<InviteRecord | undefined>;
  /** Every invite of the board, revoked ones too, in the order they were made. */
  listInvites(boardId: string): Promise<InviteRecord[]>;
  /** Sets `revokedAt` (kept when it was revoked before); returns the invite as it is now. */
  revokeInvite(boardId: string, inviteId: string, at: Date, audit: AuditEntry): Promise<InviteRecord | undefined>;
  setInviteRole(boardId: string, inviteId: string, role: Role, audit: AuditEntry): Promise<InviteRecord | undefined>;
  /** Revokes every live owner invite of the board and stores `next`; returns the revoked ids. */
  rotateOwnerInvite(boardId: string, next: InviteRecord, audit: AuditEntry): Promise<string[]>;
  /** Counts one connection opened with the invite. */
  recordInviteUse(inviteId: string, at: Date): Promise<void>;
  /** False when there is no such board. */
  renameBoard(boardId: string, title: string, audit: AuditEntry): Promise<boolean>;
  /**
   * Deletes the board and everything of it (document, snapshots, packages, export status,
   * images, invites) but keeps its audit log, to which `audit` is appended. False when there
   * was no such board.
   */
  deleteBoard(boardId: string, audit: AuditEntry): Promise<boolean>;
}

/** A voting round as stored: the source of truth for its settings and state (the doc shows a copy). */
export interface VotingRoundRecord {
  id: string;
  boardId: string;
  label: string;
  votesPerParticipant: number;
  weighting: VotingWeighting;
  anonymous: boolean;
  openedAt: Date;
  closedAt: Date | null;
  revealedAt: Date | null;
  /** The results as they were revealed (kept as they were then); null before. */
  results: VotingResult[] | null;
}

/** One participant's whole ballot in a round (opportunity shape id → votes), with what they stated. */
export interface BallotRecord {
  roundId: string;
  participantId: string;
  votes: Record<string, number>;
  name: string | null;
  speaksFor: string | null;
  castAt: Date;
}

/**
 * Voting rounds and their ballots (see voting/). Same transaction rules as `BoardStore`; a
 * round's state changes with their audit entry in one transaction.
 */
export interface VotingStore {
  /** Stores a new open round with `audit`, unless the board has an open round already or `maxRounds` rounds: then nothing, and the reason. */
  openRound(round: VotingRoundRecord, maxRounds: number, audit: AuditEntry): Promise<'opened' | 'round_open' | 'too_many_rounds'>;
  /** The board's rounds, oldest first. */
  listRounds(boardId: string): Promise<VotingRoundRecord[]>;
  getRound(boardId: string, roundId: string): Promise<VotingRoundRecord | undefined>;
  /**
   * Closes the round (keeps an earlier close time) and, given `reveal` (its results), reveals
   * it with them (a round revealed before keeps its time and results); `audit` only when
   * something changed. Undefined when there is no such round.
   */
  closeRound(boardId: string, roundId: string, at: Date, reveal: VotingResult[] | null, audit: AuditEntry): Promise<VotingRoundRecord | undefined>;
  /**
   * Replaces the participant's ballot in the round, in one transaction with the check that
   * the round is open (so a close that commits first wins); a ballot with no votes is deleted.
   */
  putBallot(boardId: string, ballot: BallotRecord): Promise<'stored' | 'round_closed' | 'no_round'>;
  getBallot(roundId: string, participantId: string): Promise<BallotRecord | undefined>;
  /** Every ballot of the round, by participant id. */
  listBallots(roundId: string): Promise<BallotRecord[]>;
  /** Ballots per round of the board (rounds without any are left out). */
  ballotCounts(boardId: string): Promise<Map<string, number>>;
}

/** The whole store the server runs on. */
export type Store = BoardStore & SnapshotStore & AssetStore & InviteStore & VotingStore;
