import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docHoldsBoard, getRecordsMap } from '../src/layout.ts';
import { createSeedUpdate } from '../src/seed.ts';
import { connect, schema } from './helpers.ts';

describe('docHoldsBoard', () => {
  it('is false for a doc that has not received a board, and true once it has', () => {
    const doc = new Y.Doc();
    expect(docHoldsBoard(doc)).toBe(false);
    // Other roots (an app's own maps) do not make a board.
    doc.getMap('elsewhere').set('key', 1);
    expect(docHoldsBoard(doc)).toBe(false);

    const server = new Y.Doc();
    Y.applyUpdate(server, createSeedUpdate(schema));
    connect(server, doc);
    expect(docHoldsBoard(doc)).toBe(true);
  });

  it('follows the records map: emptied, it holds no board', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, createSeedUpdate(schema));
    const records = getRecordsMap(doc);
    doc.transact(() => {
      for (const id of [...records.keys()]) records.delete(id);
    });
    expect(docHoldsBoard(doc)).toBe(false);
  });
});
