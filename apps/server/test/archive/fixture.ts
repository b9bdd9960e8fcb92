/**
 * A snapshot to archive: the starter template "Sociale koppelkansen verkennen" seeded as the
 * server seeds a board, plus opportunity cards (two in the quadrant, one outside), an arrow
 * linking one to a domain card, and an image with its asset. Pages are a tiny valid SVG and
 * PNG (rendering is the render worker's part).
 */
import * as Y from 'yjs';
import { createBoardSchema, defaultOpportunityProps, starterTemplate, type TLRecord } from '@koppelbord/board-model';
import { createSeedUpdate, getRecordsMap, SEED_PAGE_ID, writeRecordEntry } from '@koppelbord/tldraw-yjs';
import type { ArchiveInput, ArchiveSettings } from '../../src/archive/index.ts';

export const QUADRANT_ID = 'shape:template-quadrant';
export const IMAGE_SRC = '/api/boards/b_test/assets/0f1e2d';
/** A 1 × 1 PNG. */
export const TINY_PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

const richText = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', ...(text ? { content: [{ type: 'text', text }] } : {}) }] });

function shape(id: string, type: string, props: Record<string, unknown>, extra: Record<string, unknown> = {}): TLRecord {
  return { id, typeName: 'shape', type, parentId: SEED_PAGE_ID, index: 'a1', x: 0, y: 0, rotation: 0, isLocked: false, opacity: 1, props, meta: {}, ...extra } as unknown as TLRecord;
}

export function opportunityCard(id: string, title: string, extra: Partial<ReturnType<typeof defaultOpportunityProps>> = {}, place: Record<string, unknown> = {}): TLRecord {
  return shape(id, 'opportunity', { ...defaultOpportunityProps(), title, ...extra }, place);
}

/** The extra cards the tests look for. */
export function extraRecords(): TLRecord[] {
  return [
    opportunityCard(
      'shape:opp-heat',
      'Warmtenet bij rioolvervanging',
      {
        benefits: ['Eén keer de straat open'],
        risks: [{ risk: 'Planning loopt uiteen', mitigation: 'Gezamenlijke regie' }],
        timing: 'two-years',
        status: 'agreed',
        owner: 'Team Riolering',
      },
      // Top-left of the quadrant: low risk, high benefit (win-win).
      { parentId: QUADRANT_ID, x: 40, y: 40, index: 'a5' },
    ),
    opportunityCard('shape:opp-roofs', 'Zonnedaken op de school <&>', { status: 'idea' }, { parentId: QUADRANT_ID, x: 600, y: 40, index: 'a6' }),
    opportunityCard('shape:opp-bus', 'Buurtbus', { status: 'parked', parkedReason: 'Geen budget' }, { x: 2000, y: 900, index: 'a7' }),
    shape('shape:arrow-1', 'arrow', {
      kind: 'arc',
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
      font: 'draw',
      start: { x: 0, y: 0 },
      end: { x: 100, y: 100 },
      bend: 0,
      richText: richText(''),
      labelPosition: 0.5,
      scale: 1,
      elbowMidPoint: 0.5,
    }, { index: 'a8' }),
    ...(['start', 'end'] as const).map(
      (terminal) =>
        ({
          id: `binding:arrow-1-${terminal}`,
          typeName: 'binding',
          type: 'arrow',
          fromId: 'shape:arrow-1',
          toId: terminal === 'start' ? 'shape:opp-heat' : 'shape:template-domain-sewerage-water',
          props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
          meta: {},
        }) as unknown as TLRecord,
    ),
    shape('shape:photo', 'image', { w: 10, h: 10, playing: true, url: '', assetId: 'asset:photo', crop: null, flipX: false, flipY: false, altText: '' }, { x: 3000, index: 'a9' }),
    { id: 'asset:photo', typeName: 'asset', type: 'image', props: { name: 'photo.png', src: IMAGE_SRC, w: 1, h: 1, mimeType: 'image/png', isAnimated: false }, meta: {} } as unknown as TLRecord,
    { id: 'asset:unused', typeName: 'asset', type: 'image', props: { name: 'old.png', src: '/api/boards/b_test/assets/old', w: 1, h: 1, mimeType: 'image/png', isAnimated: false }, meta: {} } as unknown as TLRecord,
  ];
}

/** The Yjs state of a template board with `extra` records, plus `invalid` raw entries written past the schema. */
export function boardState(extra: TLRecord[] = extraRecords(), invalid: Record<string, unknown>[] = []): Uint8Array {
  const seed = createSeedUpdate(createBoardSchema(), { documentName: 'Wijk De Esch', records: [...starterTemplate({ pageId: SEED_PAGE_ID }), ...extra] });
  if (invalid.length === 0) return seed;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seed);
  for (const record of invalid) writeRecordEntry(getRecordsMap(doc), record.id as string, record);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

export const settings = (overrides: Partial<ArchiveSettings> = {}): ArchiveSettings => ({
  instance: 'test',
  municipalityCode: 'gm0363',
  waardering: 'N',
  bewaartermijn: 'P10Y',
  informatiecategorie: { label: 'Beleidsvorming', code: '1.1', list: 'Selectielijst gemeenten en intergemeentelijke organen 2020' },
  beperkingGebruik: 'Nader te bepalen',
  contact: { name: 'Team Archief', email: 'archief@example.nl' },
  ...overrides,
});

export function archiveInput(overrides: Partial<ArchiveInput> = {}): ArchiveInput {
  const previousState = boardState([opportunityCard('shape:opp-bus', 'Buurtbus', { status: 'idea' }, { x: 2000, y: 900, index: 'a7' })]);
  return {
    snapshot: { id: 'snap_0001', label: 'Sessie 2 — na afstemming met Welzijn', createdAt: new Date('2026-11-28T15:30:12.345Z'), actor: { role: 'owner', name: 'Anna de Vries' }, includeNames: false },
    board: { id: 'b_test', title: 'Koppelkansen De Esch', municipality: 'Amsterdam', neighbourhood: 'De Esch', createdAt: new Date('2026-10-01T09:00:00Z'), language: 'nl' },
    state: boardState(),
    previous: { label: 'Sessie 1', createdAt: new Date('2026-11-01T10:00:00Z'), state: previousState },
    participants: [
      { role: 'owner', name: 'Anna de Vries', speaksFor: 'energy-transition' },
      { role: 'editor', name: 'Piet Jansen', speaksFor: 'welfare' },
      { role: 'editor', name: 'Karin Bos', speaksFor: 'welfare' },
      { role: 'viewer', name: null, speaksFor: null },
    ],
    pages: [{ pageId: SEED_PAGE_ID, name: 'Pagina 1', svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>Warmtenet bij rioolvervanging</text></svg>', png: TINY_PNG }],
    assets: new Map([[IMAGE_SRC, { mimeType: 'image/png', data: TINY_PNG }]]),
    settings: settings(),
    ...overrides,
  };
}
