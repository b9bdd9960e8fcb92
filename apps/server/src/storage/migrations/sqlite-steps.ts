import type { MigrationStep } from './plan.ts';

/**
 * The SQLite schema, step by step (`PRAGMA user_version` is the step reached). Frozen: a
 * released step is never edited; a change is a new step at the end.
 */
export const sqliteSteps: readonly MigrationStep[] = [
  {
    version: 1,
    description: 'boards, the update log, compacted snapshots',
    sql: `
CREATE TABLE boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  municipality TEXT,
  neighbourhood TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE doc_updates (
  id INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX doc_updates_by_board ON doc_updates (board_id, id);
CREATE TABLE doc_snapshots (
  board_id TEXT PRIMARY KEY,
  state BLOB NOT NULL,
  state_vector BLOB NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;`,
  },
  {
    // Those of schema 1 may hold updates with missing dependencies that stock clients cannot apply.
    version: 2,
    description: 'snapshots say whether they may be served as stored',
    sql: 'ALTER TABLE doc_snapshots ADD COLUMN servable INTEGER NOT NULL DEFAULT 0;',
  },
  {
    version: 3,
    description: 'board language; snapshots and versions, archive packages, their export status, the audit log, board images',
    sql: `
ALTER TABLE boards ADD COLUMN language TEXT NOT NULL DEFAULT 'nl';
CREATE TABLE assets (
  board_id   TEXT    NOT NULL,
  sha256     TEXT    NOT NULL,
  mime_type  TEXT    NOT NULL,
  bytes      INTEGER NOT NULL,
  data       BLOB    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, sha256)
) STRICT;
-- Immutable: rows are inserted and deleted (an owner's delete, the thinning of versions),
-- never updated.
CREATE TABLE snapshots (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'version')),
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  actor_role TEXT NOT NULL,
  actor_name TEXT,
  board_meta TEXT NOT NULL,
  include_names INTEGER NOT NULL,
  participants TEXT NOT NULL,
  state BLOB NOT NULL,
  invalid_records INTEGER NOT NULL,
  changes TEXT NOT NULL
) STRICT;
CREATE INDEX snapshots_by_board ON snapshots (board_id, created_at);
-- Built once per snapshot, never changed. The ZIP itself is a file (package-files.ts).
CREATE TABLE snapshot_packages (
  snapshot_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  pakbon TEXT NOT NULL,
  thumbnail BLOB,
  pdf TEXT NOT NULL,
  built_at INTEGER NOT NULL
) STRICT;
CREATE TABLE archive_exports (
  snapshot_id TEXT PRIMARY KEY,
  written_at INTEGER,
  attempts INTEGER NOT NULL,
  last_error TEXT
) STRICT;
-- Append-only. Its rowid is the entry's id: one writer, no deletes, so gapless and in commit order.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor_role TEXT NOT NULL,
  actor_name TEXT,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_by_board ON audit_log (board_id, id);`,
  },
  {
    // Boards of schema 3 have no invites: their links (tokens without an invite id) keep
    // working until they expire (auth/tokens.ts). Times are milliseconds since the epoch.
    version: 4,
    description: 'invites, the links that can be taken back',
    sql: `
CREATE TABLE invites (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  uses INTEGER NOT NULL DEFAULT 0,
  last_used_at INTEGER
) STRICT;
CREATE INDEX invites_by_board ON invites (board_id, created_at);`,
  },
  {
    // The log is append-only: rows are inserted, and deleted by exact (board, seq) once
    // compacted. seq comes from boards.head_seq, raised in the writing transaction, so per
    // board it is gapless and in commit order. Existing rows get seqs per board in row
    // order. A board with a compacted snapshot starts at 2: seq 1 stands for what only the
    // snapshot holds, so a reader asking for the rows after seq 0 is told part of them was
    // compacted away and gets the snapshot too.
    version: 5,
    description: 'per-board sequence numbers: boards.head_seq, the log keyed by (board, seq)',
    sql: `
ALTER TABLE boards ADD COLUMN head_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE doc_updates RENAME TO doc_updates_v4;
DROP INDEX IF EXISTS doc_updates_by_board;
CREATE TABLE doc_updates (
  board_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, seq)
) STRICT;
INSERT INTO doc_updates (board_id, seq, data, created_at)
  SELECT board_id,
         ROW_NUMBER() OVER (PARTITION BY board_id ORDER BY id)
           + (CASE WHEN board_id IN (SELECT board_id FROM doc_snapshots) THEN 1 ELSE 0 END),
         data, created_at
  FROM doc_updates_v4;
DROP TABLE doc_updates_v4;
UPDATE boards SET head_seq = MAX(
  COALESCE((SELECT MAX(seq) FROM doc_updates WHERE doc_updates.board_id = boards.id), 0),
  CASE WHEN id IN (SELECT board_id FROM doc_snapshots) THEN 1 ELSE 0 END);`,
  },
  {
    // Ballots live here, not in the board's doc: every client gets the whole doc, and votes
    // must stay hidden until the owner reveals them. One ballot row per participant and round
    // (its votes as JSON), replaced whole. Times are milliseconds since the epoch.
    version: 6,
    description: 'voting rounds and their ballots',
    sql: `
CREATE TABLE voting_rounds (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL,
  label TEXT NOT NULL,
  votes_per_participant INTEGER NOT NULL,
  weighting TEXT NOT NULL CHECK (weighting IN ('none', 'domain')),
  anonymous INTEGER NOT NULL,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  revealed_at INTEGER,
  -- The results as revealed (JSON), frozen then: later edits or deletions of cards leave them.
  results TEXT
) STRICT;
CREATE INDEX voting_rounds_by_board ON voting_rounds (board_id, opened_at);
CREATE TABLE ballots (
  round_id TEXT NOT NULL,
  participant_id TEXT NOT NULL,
  board_id TEXT NOT NULL,
  votes TEXT NOT NULL,
  name TEXT,
  speaks_for TEXT,
  cast_at INTEGER NOT NULL,
  PRIMARY KEY (round_id, participant_id)
) STRICT;
CREATE INDEX ballots_by_board ON ballots (board_id);`,
  },
  {
    // The log keyed by (board, seq) alone: a WITHOUT ROWID table is its primary key's B-tree,
    // so a commit writes one page where the rowid table and its key index wrote two. Commits
    // no longer raise boards.head_seq either: a board's head is the larger of head_seq and
    // its highest row (sqlite-heads.ts), and compaction raises head_seq before it deletes rows.
    version: 7,
    description: 'the update log as a WITHOUT ROWID table',
    sql: `
ALTER TABLE doc_updates RENAME TO doc_updates_v6;
CREATE TABLE doc_updates (
  board_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO doc_updates (board_id, seq, data, created_at) SELECT board_id, seq, data, created_at FROM doc_updates_v6;
DROP TABLE doc_updates_v6;`,
  },
];
