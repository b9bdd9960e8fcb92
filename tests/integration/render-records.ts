/**
 * A snapshot's records for the render tests, built as the server seeds a template board
 * (apps/server/src/http/boards.ts): the document, the seed page and the starter template's
 * shapes, plus opportunity cards with the given titles; every record checked against the
 * board schema, as the server checks what it stores.
 */
import { createBoardSchema, defaultOpportunityProps, starterTemplate } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { SEED_PAGE_ID } from '@koppelbord/tldraw-yjs';
import type { BoardRecord, RenderInput } from '../../apps/server/src/render/index.ts';

const schema = createBoardSchema();

/** Fractional index keys after the template's (`a…`). */
const cardIndex = (n: number) => `b${String(10 + n)}`;

export function opportunityRecord(id: string, title: string, n: number, pageId: string = SEED_PAGE_ID): BoardRecord {
  return {
    id: `shape:${id}`,
    typeName: 'shape',
    type: 'opportunity',
    parentId: pageId,
    index: cardIndex(n),
    x: 1200 + n * 280,
    y: 900,
    rotation: 0,
    opacity: 1,
    isLocked: false,
    meta: {},
    props: { ...defaultOpportunityProps(), title },
  } as BoardRecord;
}

export function pageRecord(id: string, name: string, index: string): BoardRecord {
  return { id, typeName: 'page', name, index, meta: {} } as BoardRecord;
}

export function templateSnapshot(options: { titles: string[]; locale?: BoardLanguage; extra?: BoardRecord[] }): RenderInput {
  const locale = options.locale ?? 'nl';
  const records: BoardRecord[] = [
    { id: 'document:document', typeName: 'document', gridSize: 10, name: 'Testwijk', meta: {} } as BoardRecord,
    pageRecord(SEED_PAGE_ID, 'Pagina 1', 'a1'),
    ...(starterTemplate({ locale, pageId: SEED_PAGE_ID }) as unknown as BoardRecord[]),
    ...options.titles.map((title, n) => opportunityRecord(`opp-${n}`, title, n)),
    ...(options.extra ?? []),
  ];
  for (const record of records) {
    const type = schema.types[record.typeName as keyof typeof schema.types];
    type.validate(record);
  }
  return { records, schema: schema.serialize(), locale };
}
