import type { MigrationStep } from './plan.ts';

/**
 * The PostgreSQL schema, step by step (`schema_version.version` is the step reached). Frozen:
 * a released step is never edited; a change is a new step at the end. The same tables as the
 * SQLite store's, with PostgreSQL's types: timestamps as timestamptz, bytes as bytea, JSON as
 * json (kept as written), and archive packages' ZIPs in the database (instances share no disk).
 */
export const pgSteps: readonly MigrationStep[] = [
  {
    version: 1,
    description: 'boards with per-board sequence numbers, the update log, snapshots, packages, audit log, images, invites',
    sql: `
CREATE TABLE boards (
  id text PRIMARY KEY,
  title text NOT NULL,
  municipality text,
  neighbourhood text,
  language text NOT NULL,
  created_at timestamptz NOT NULL,
  -- The board's highest seq. Raised in the writing transaction, under this row's lock, so per
  -- board seqs are gapless and in commit order across instances.
  head_seq bigint NOT NULL DEFAULT 0
);
-- Append-only: rows are inserted, and deleted by exact (board, seq) once compacted.
CREATE TABLE doc_updates (
  board_id text NOT NULL,
  seq bigint NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (board_id, seq)
);
CREATE TABLE doc_snapshots (
  board_id text PRIMARY KEY,
  state bytea NOT NULL,
  state_vector bytea NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Which store process wrote it (pg-store.ts compact: another one's is merged, never overwritten).
  writer text NOT NULL
);
-- Immutable: rows are inserted and deleted (an owner's delete, the thinning of versions), never updated.
CREATE TABLE snapshots (
  id text PRIMARY KEY,
  board_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('snapshot', 'version')),
  label text NOT NULL,
  created_at timestamptz NOT NULL,
  actor_role text NOT NULL,
  actor_name text,
  board_meta json NOT NULL,
  include_names boolean NOT NULL,
  participants json NOT NULL,
  state bytea NOT NULL,
  invalid_records integer NOT NULL,
  changes json NOT NULL,
  -- Insertion order, the tie-break of equal creation times.
  ordinal bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX snapshots_by_board ON snapshots (board_id, created_at);
-- Built once per snapshot, never changed.
CREATE TABLE snapshot_packages (
  snapshot_id text PRIMARY KEY,
  name text NOT NULL,
  bytes bigint NOT NULL,
  sha256 text NOT NULL,
  pakbon text NOT NULL,
  thumbnail bytea,
  pdf text NOT NULL,
  built_at timestamptz NOT NULL,
  zip bytea NOT NULL
);
CREATE TABLE archive_exports (
  snapshot_id text PRIMARY KEY,
  written_at timestamptz,
  attempts integer NOT NULL,
  last_error text
);
-- Append-only. ids come from audit_counter, raised in the writing transaction: global,
-- gapless and in commit order (a bigserial hands out values before commit, out of order).
CREATE TABLE audit_log (
  id bigint PRIMARY KEY,
  board_id text NOT NULL,
  at timestamptz NOT NULL,
  actor_role text NOT NULL,
  actor_name text,
  action text NOT NULL,
  detail json NOT NULL
);
CREATE INDEX audit_log_by_board ON audit_log (board_id, id);
CREATE TABLE audit_counter (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  last_id bigint NOT NULL
);
INSERT INTO audit_counter (last_id) VALUES (0);
CREATE TABLE assets (
  board_id text NOT NULL,
  sha256 text NOT NULL,
  mime_type text NOT NULL,
  bytes integer NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (board_id, sha256)
);
CREATE TABLE invites (
  id text PRIMARY KEY,
  board_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
  label text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz,
  uses integer NOT NULL DEFAULT 0,
  last_used_at timestamptz,
  ordinal bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX invites_by_board ON invites (board_id, created_at);`,
  },
  {
    // Ballots live here, not in the board's doc: every client gets the whole doc, and votes
    // must stay hidden until the owner reveals them. One ballot row per participant and round.
    version: 2,
    description: 'voting rounds and their ballots',
    sql: `
CREATE TABLE voting_rounds (
  id text PRIMARY KEY,
  board_id text NOT NULL,
  label text NOT NULL,
  votes_per_participant integer NOT NULL,
  weighting text NOT NULL CHECK (weighting IN ('none', 'domain')),
  anonymous boolean NOT NULL,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  revealed_at timestamptz,
  -- The results as revealed, frozen then: later edits or deletions of cards leave them.
  results json,
  ordinal bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX voting_rounds_by_board ON voting_rounds (board_id, opened_at);
CREATE TABLE ballots (
  round_id text NOT NULL,
  participant_id text NOT NULL,
  board_id text NOT NULL,
  votes json NOT NULL,
  name text,
  speaks_for text,
  cast_at timestamptz NOT NULL,
  PRIMARY KEY (round_id, participant_id)
);
CREATE INDEX ballots_by_board ON ballots (board_id);`,
  },
];
