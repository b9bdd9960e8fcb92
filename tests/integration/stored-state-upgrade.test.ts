/**
 * Boards stored by an earlier version: its compactions wrote the doc together with the
 * updates Yjs kept pending (deletions of unknown clients with absurd clocks, for one), and
 * served such a snapshot to joiners as stored. A server of this version upgrades the
 * database (schema 1 → 2), parses those snapshots before anyone gets them, leaves the
 * pending part out, and writes them again when the board unloads.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteOnlyUpdate } from '../fuzz/yjs-update.ts';
import { connectSynced } from '../helpers/client.ts';
import { startTestServer, tempDataDir, tokenOf, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { sqliteSteps } from '../../apps/server/src/storage/migrations/index.ts';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

describe('a snapshot stored by the earlier version', () => {
  it('is never served as stored: joiners get the board without its pending part, and it is written again', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir });
    const board = await first.createBoard('Wijk Noord');
    const token = tokenOf(board.links.edit);
    const writer = await connectSynced(first.wsUrl, board.id, token);
    writer.doc.getMap('kept').set('note', 'from before the upgrade');
    const reader = await connectSynced(first.wsUrl, board.id, token);
    await waitFor(() => reader.doc.getMap('kept').has('note'), 'the note to be stored');
    writer.destroy();
    reader.destroy();
    await first.stop({ keepData: true });

    // Turn the database into one the earlier version wrote: schema 1, and a compacted
    // snapshot holding pending deletions of a client nobody has.
    const db = new Database(path.join(dataDir, 'koppelbord.sqlite'));
    const doc = new Y.Doc();
    const stored = db.prepare('SELECT state FROM doc_snapshots WHERE board_id = ?').get(board.id) as { state: Buffer } | undefined;
    if (stored) Y.applyUpdate(doc, stored.state);
    for (const row of db.prepare('SELECT data FROM doc_updates WHERE board_id = ? ORDER BY seq').all(board.id) as { data: Buffer }[]) Y.applyUpdate(doc, row.data);
    expect(doc.getMap('kept').get('note')).toBe('from before the upgrade');
    Y.applyUpdate(doc, deleteOnlyUpdate([{ client: 4_242_424, ranges: [{ clock: 2 ** 31, length: 2 ** 20 }] }]));
    expect(doc.store.pendingDs).not.toBeNull();
    const poisoned = Y.encodeStateAsUpdate(doc);
    // Everything later schemas added goes: the tables, and the columns of the three it had.
    const later = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('boards', 'doc_updates', 'doc_snapshots')").all() as { name: string }[];
    for (const { name } of later) db.exec(`DROP TABLE ${name}`);
    db.exec('ALTER TABLE boards DROP COLUMN language');
    db.exec('ALTER TABLE boards DROP COLUMN head_seq');
    // Schema 1's log had row ids, not per-board seqs (this board's rows go anyway, below).
    db.exec('DROP TABLE doc_updates');
    db.exec('CREATE TABLE doc_updates (id INTEGER PRIMARY KEY, board_id TEXT NOT NULL, data BLOB NOT NULL, created_at INTEGER NOT NULL) STRICT');
    db.exec('CREATE INDEX doc_updates_by_board ON doc_updates (board_id, id)');
    db.exec('ALTER TABLE doc_snapshots DROP COLUMN servable');
    db.prepare('DELETE FROM doc_snapshots WHERE board_id = ?').run(board.id);
    db.prepare('INSERT INTO doc_snapshots (board_id, state, state_vector, updated_at) VALUES (?, ?, ?, ?)').run(board.id, poisoned, Y.encodeStateVector(doc), Date.now());
    db.pragma('user_version = 1');
    db.close();

    const server = await startTestServer({ dataDir, sync: { unloadGraceMs: 200 } });
    servers.push(server);
    // A link of the earlier version: a token without an invite (its invites table is gone too).
    const joiner = await connectSynced(server.wsUrl, board.id, await server.tokens.issue(board.id, 'editor'));
    expect(joiner.doc.getMap('kept').get('note')).toBe('from before the upgrade');
    expect(joiner.doc.store.pendingDs).toBeNull();
    expect(joiner.doc.store.pendingStructs).toBeNull();
    joiner.destroy();

    await waitFor(async () => ((await (await fetch(`${server.url}/healthz`)).json()) as { loadedBoards: number }).loadedBoards === 0, 'the board to unload');
    await server.close();
    const after = new Database(path.join(dataDir, 'koppelbord.sqlite'), { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(sqliteSteps.length);
      const snapshot = after.prepare('SELECT state, servable FROM doc_snapshots WHERE board_id = ?').get(board.id) as { state: Buffer; servable: number };
      expect(snapshot.servable).toBe(1);
      const reloaded = new Y.Doc();
      Y.applyUpdate(reloaded, snapshot.state);
      expect(reloaded.store.pendingDs).toBeNull();
      expect(reloaded.getMap('kept').get('note')).toBe('from before the upgrade');
    } finally {
      after.close();
    }
  });
});
