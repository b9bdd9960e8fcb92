/**
 * Schema versions, as far as both backends share them: a store at the current version opens
 * with its data, one written by a newer server is refused and left as it was. How each
 * upgrades an older one is backend SQL: sqlite-store.test.ts (schemas 1, 2, 3, 4 → 5) and
 * pg-store.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { backends, boardOf, freshStore, update } from './backends.ts';

describe.each(backends)('$name store: schema versions', (backend) => {
  it('reopens a store of its own version with everything in it', async () => {
    const { store, location } = await freshStore(backend);
    await store.createBoard(boardOf('a'), update('seed', 0));
    await store.close();
    expect(await backend.schemaVersion(location)).toBe(backend.latestSchemaVersion);
    const again = await backend.open(location);
    expect((await again.loadDocument('a')).headSeq).toBe(1);
  });

  it('refuses a store written by a newer server, naming both versions, and leaves it untouched', async () => {
    const { store, location } = await freshStore(backend);
    await store.createBoard(boardOf('a'), update('seed', 0));
    await store.close();
    const newer = backend.latestSchemaVersion + 1;
    await backend.setSchemaVersion(location, newer);
    await expect(backend.open(location)).rejects.toThrow(`is at schema version ${newer}, newer than this server understands (${backend.latestSchemaVersion})`);
    expect(await backend.schemaVersion(location)).toBe(newer);
  });
});
