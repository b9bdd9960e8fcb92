import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardSchema, defaultOpportunityProps, starterTemplate } from '@koppelbord/board-model';
import { getRecordsMap, readRecordEntry, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import { RecordGuard } from '../src/sync/record-guard.ts';
import { isLockedScaffold, scaffoldRefusal, scaffoldRule } from '../src/sync/scaffold-guard.ts';

type Json = Record<string, unknown> & { meta: Record<string, unknown> };

const template = starterTemplate() as unknown as Json[];
const byKey = (key: string): Json => structuredClone(template.find((shape) => shape.id === `shape:template-${key}`)!);
const heading = byKey('heading-domains');
const quadrant = byKey('quadrant');
const timeline = byKey('timeline');
const domainCard = byKey('domain-care');
const unlocked = (shape: Json): Json =>
  shape.type === 'quadrant' || shape.type === 'timeline' ? { ...shape, meta: { ...shape.meta, pinned: false } } : { ...shape, isLocked: false };
const card: Json = {
  id: 'shape:card',
  typeName: 'shape',
  type: 'opportunity',
  parentId: quadrant.id,
  index: 'a5',
  x: 10,
  y: 10,
  rotation: 0,
  isLocked: false,
  opacity: 1,
  props: { ...defaultOpportunityProps(), title: 'Warmtenet' },
  meta: {},
};

describe('isLockedScaffold', () => {
  it('the template starts locked: headings, area and legend locked, the quadrant and the timeline pinned, the cards neither', () => {
    const locked = template.filter(isLockedScaffold).map((shape) => shape.id);
    expect(locked.sort()).toEqual(
      ['heading-domains', 'heading-organisations', 'opportunities-area', 'quadrant', 'legend', 'timeline'].map((key) => `shape:template-${key}`).sort(),
    );
    expect(quadrant.isLocked).toBe(false);
    expect(isLockedScaffold(domainCard)).toBe(false);
  });
});

describe('scaffoldRefusal (an editor’s change)', () => {
  const cases: [name: string, before: Json | undefined, after: Json | undefined, refused: string | undefined][] = [
    ['moving a locked heading', heading, { ...heading, x: heading.x as number + 50 }, 'changed locked scaffolding'],
    ['resizing a locked heading', heading, { ...heading, props: { ...(heading.props as object), w: 999 } }, 'changed locked scaffolding'],
    ['re-parenting a locked heading', heading, { ...heading, parentId: 'page:other' }, 'changed locked scaffolding'],
    ['unlocking a locked heading', heading, unlocked(heading), 'changed locked scaffolding'],
    ['stripping meta.scaffold off a locked heading', heading, { ...heading, meta: { template: 'sociale-koppelkansen' } }, 'changed locked scaffolding'],
    ['deleting a locked heading', heading, undefined, 'deleted locked scaffolding'],
    ['moving the pinned quadrant', quadrant, { ...quadrant, y: quadrant.y as number + 1 }, 'changed locked scaffolding'],
    ['unpinning the quadrant', quadrant, unlocked(quadrant), 'changed locked scaffolding'],
    ['moving the pinned timeline', timeline, { ...timeline, x: (timeline.x as number) + 50 }, 'changed locked scaffolding'],
    ['unpinning the timeline', timeline, unlocked(timeline), 'changed locked scaffolding'],
    ['deleting the pinned timeline', timeline, undefined, 'deleted locked scaffolding'],
    ['deleting the pinned quadrant', quadrant, undefined, 'deleted locked scaffolding'],
    ['writing a locked heading as it is', heading, structuredClone(heading), undefined],
    ['locking unlocked scaffolding', unlocked(heading), heading, 'locked scaffolding'],
    ['pinning an unpinned quadrant', unlocked(quadrant), quadrant, 'locked scaffolding'],
    ['making a locked card scaffolding', { ...card, isLocked: true }, { ...card, isLocked: true, meta: { scaffold: true } }, 'changed meta.scaffold'],
    ['moving unlocked scaffolding', unlocked(heading), { ...unlocked(heading), x: 500 }, undefined],
    ['deleting unlocked scaffolding', unlocked(heading), undefined, undefined],
    ['creating locked scaffolding (a template placed by an editor)', undefined, heading, undefined],
    ['moving a card inside the pinned quadrant', card, { ...card, x: 200, y: 120 }, undefined],
    ['dropping a template card into the quadrant', domainCard, { ...domainCard, parentId: quadrant.id }, undefined],
    ['deleting a card', card, undefined, undefined],
    ['locking and unlocking one’s own card', card, { ...card, isLocked: true }, undefined],
    ['a pinned flag on something that is not a quadrant', { ...card, meta: { scaffold: true, pinned: true } }, { ...card, x: 1, meta: { scaffold: true, pinned: true } }, undefined],
  ];
  for (const [name, before, after, refused] of cases) {
    it(`${name}: ${refused ?? 'allowed'}`, () => {
      expect(scaffoldRefusal(before, after)).toBe(refused);
    });
  }
});

describe('RecordGuard with the scaffold rule', () => {
  const owner = { role: 'owner' };
  const editor = { role: 'editor' };

  function guardedDoc() {
    const doc = new Y.Doc();
    const records = getRecordsMap(doc);
    doc.transact(() => {
      for (const shape of [...template, card]) writeRecordEntry(records, shape.id as string, shape);
    }, 'stored');
    const reverts: { reason: string; ids: readonly string[]; origin: unknown }[] = [];
    const guard = new RecordGuard(doc, {
      schema: createBoardSchema(),
      trusted: (origin) => origin === 'stored',
      rules: [scaffoldRule((origin) => origin === owner)],
      onRevert: (reason, ids, _problem, origin) => reverts.push({ reason, ids, origin }),
    });
    const read = (id: string) => readRecordEntry(records.get(id)) as Json | undefined;
    return { doc, records, guard, reverts, read };
  }

  it('puts back an editor’s move and deletion in the same commit, and keeps their card edit of that transaction', () => {
    const { doc, records, reverts, read } = guardedDoc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.transact(() => {
      (records.get(heading.id as string) as Y.Map<unknown>).set('x', 999);
      records.delete(quadrant.id as string);
      writeRecordEntry(records, card.id as string, { ...card, x: 200 });
    }, editor);
    expect(read(heading.id as string)).toEqual(heading);
    expect(read(quadrant.id as string)).toEqual(quadrant);
    expect(read(card.id as string)?.x).toBe(200);
    expect(reverts).toEqual([{ reason: 'locked_scaffold', ids: [heading.id, quadrant.id], origin: editor }]);
    // What a peer would get (the editor's update and the revert, merged as the room broadcasts them) holds the template as it was.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    expect(readRecordEntry(getRecordsMap(peer).get(quadrant.id as string))).toEqual(quadrant);
    expect(updates.length).toBe(2);
  });

  it('lets the owner unlock and move scaffolding; then an editor may move it but not lock it again', () => {
    const { doc, records, reverts, read } = guardedDoc();
    doc.transact(() => writeRecordEntry(records, heading.id as string, { ...unlocked(heading), x: 40 }), owner);
    expect(read(heading.id as string)).toEqual({ ...unlocked(heading), x: 40 });
    doc.transact(() => writeRecordEntry(records, heading.id as string, { ...unlocked(heading), x: 80 }), editor);
    expect(read(heading.id as string)?.x).toBe(80);
    doc.transact(() => writeRecordEntry(records, heading.id as string, { ...heading, x: 80 }), editor);
    expect(read(heading.id as string)?.isLocked).toBe(false);
    expect(reverts.map((revert) => revert.reason)).toEqual(['locked_scaffold']);
  });

  it('an invalid change to locked scaffolding counts once, as invalid', () => {
    const { doc, records, reverts, read } = guardedDoc();
    doc.transact(() => writeRecordEntry(records, heading.id as string, { ...heading, x: 'left' }), editor);
    expect(read(heading.id as string)).toEqual(heading);
    expect(reverts.map((revert) => revert.reason)).toEqual(['invalid_record']);
  });
});
