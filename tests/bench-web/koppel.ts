/**
 * The Koppelkansen board scenario: 25 domain cards, 300 opportunity cards, 300 arrows (each
 * bound at its start to an opportunity and at its end to a domain card, so every opportunity
 * shows one domain chip) and one risk/benefit quadrant holding 100 of the opportunities as
 * its children, 25 in each of its four classes (so 100 class badges). The other 200 cards lie
 * in a grid beside the quadrant; the domain cards in a row above everything.
 *
 *   y = -420   [domain cards, 25 in a row, 250 apart]
 *   y = 0      [quadrant 3000 × 2000, 4 × 25 cards]   [grid of 200 cards, 10 × 20]
 *
 * The records are built here in Node from the board model's own defaults and checked against
 * its validators (the server validates cards with the same schema), then created in the page
 * through `window.editor` in batches, like `seedBoard`. Afterwards `checkKoppelRecords` reads
 * the server's copy with the board model's register: every card, chip link and class there.
 */
import type { Page } from 'playwright-core';
import {
  classifyPoint,
  defaultDomainProps,
  defaultOpportunityProps,
  defaultQuadrantProps,
  domains as catalogueDomains,
  domainShapeProps,
  opportunityRegister,
  opportunityShapeProps,
  opportunityStatuses,
  quadrantShapeProps,
  tracks as allTracks,
  type BoardRecordLike,
  type ConsultationStatus,
  type DomainShapeProps,
  type OpportunityShapeProps,
  type QuadrantClass,
  type QuadrantShapeProps,
  type Track,
} from '../../packages/board-model/src/index.ts';
import type { BenchEditor, ProbeExpectation } from './board.ts';

export interface KoppelPlan {
  domains: number;
  opportunities: number;
  /** Opportunities inside the quadrant (a multiple of 4: the same number in each class). */
  inQuadrant: number;
}

export const koppelPlan: KoppelPlan = { domains: 25, opportunities: 300, inQuadrant: 100 };

/** A shape to create: without `parentId` it goes on the current page. */
interface ShapeSpec {
  id: string;
  type: 'domain' | 'opportunity' | 'quadrant';
  x: number;
  y: number;
  parentId?: string;
  props: DomainShapeProps | OpportunityShapeProps | QuadrantShapeProps;
}

interface ArrowSpec {
  id: string;
  /** Page coordinates of the arrow's start (the opportunity's centre) and end (the domain card's centre). */
  x: number;
  y: number;
  dx: number;
  dy: number;
  from: string;
  to: string;
}

export interface KoppelBoard {
  plan: KoppelPlan;
  /** Domain cards and the quadrant first, then the opportunities (children after their parent). */
  shapes: ShapeSpec[];
  arrows: ArrowSpec[];
  /** Expected classes of the cards in the quadrant. */
  classes: Record<QuadrantClass, number>;
  /** Page bounds of the whole board (cards and quadrant; arrows run between them). */
  bounds: { x: number; y: number; w: number; h: number };
  quadrantId: string;
}

export const koppelShapeCount = (plan: KoppelPlan): number => plan.domains + plan.opportunities * 2 + 1;

const pad = (n: number) => String(n).padStart(3, '0');
export const domainId = (k: number): string => `shape:kk-domain-${pad(k)}`;
export const opportunityId = (i: number): string => `shape:kk-opp-${pad(i)}`;
const arrowId = (i: number) => `shape:kk-arrow-${pad(i)}`;
const quadrantId = 'shape:kk-quadrant';

// Realistic text: what municipalities put on these boards.
const measures = [
  'Warmtenet aanleggen bij rioolvervanging',
  'Energiecoach koppelen aan schuldhulp',
  'Groene schoolpleinen met wateropvang',
  'Isolatie door leerwerkplekken uit de bijstand',
  'Energiecafé in de bibliotheek',
  'Zonnepanelen op het buurthuis',
  'Geveltuinen bij herbestrating',
  'Wijkbatterij naast de sporthal',
  'Taalles over de energierekening',
  'Klimaatadaptieve herinrichting van de speeltuin',
  'Huiskamer van de wijk in leeg schoolgebouw',
  'Warmtescan aan de keukentafel met wijkteam',
  'Deelauto’s bij de renovatie van de flats',
  'Gezondheidscheck bij het renovatiebezoek',
  'Bewonersbedrijf voor groenonderhoud',
  'Hittekaart gebruiken voor ouderenbezoek',
  'Collectieve inkoop van warmtepompen',
  'Kluswerkplaats voor jongeren in de wijk',
  'Regenwater afkoppelen met de corporatie',
  'Fietsenstalling in de parkeergarage',
];
const places = [
  'Kastanjelaan',
  'Merelstraat',
  'Plein 1945',
  'Vogelbuurt',
  'De Horst',
  'Wilhelminapark',
  'Boerhaavewijk',
  'Oude Haven',
  'Lindenhof',
  'Sterrenwijk',
  'Molenakker',
  'Zuidrand',
  'Het Laar',
  'Dorpsstraat',
  'Parkwijk',
];
const benefitPool = [
  'Eén keer de straat open in plaats van twee keer',
  'Lagere energierekening voor huurders',
  'Werkervaring voor mensen met afstand tot de arbeidsmarkt',
  'Minder hittestress in de zomer',
  'Bewoners leren elkaar kennen',
  'Minder wateroverlast bij hevige buien',
  'Schuldhulp bereikt mensen eerder',
  'Meer groen en biodiversiteit in de straat',
  'Gedeelde kosten voor bouwplaatsinrichting',
  'Betere luchtkwaliteit rond de school',
];
const riskPool: [string, string][] = [
  ['Planning van de netbeheerder schuift', 'Kwartaaloverleg met de netbeheerder'],
  ['Bewoners haken af door de overlast', 'Vaste wijkcontactpersoon en nieuwsbrief'],
  ['Subsidie loopt af voor de start', ''],
  ['Huurverhoging na renovatie', 'Afspraken met de corporatie over woonlasten'],
  ['Te weinig uitvoeringscapaciteit', 'Gefaseerd aanbesteden'],
  ['Privacy bij het delen van gegevens', 'Verwerkersovereenkomst en toestemming'],
];
const owners = ['A. Jansen (Wonen)', 'M. de Vries (Sociaal Domein)', 'F. El Amrani (Openbare Ruimte)', 'P. Bakker (Duurzaamheid)', 'S. Visser (Wijkteam)', ''];
const actions = ['Verkennend gesprek plannen', 'Kosten in beeld brengen', 'Bewonersavond organiseren', 'Voorstel naar het college', 'Planningen naast elkaar leggen', ''];
const contacts = ['J. de Boer, afdeling', 'R. Smit, team', 'L. Mulder, cluster', 'K. Yilmaz, afdeling', 'E. Meijer, team'];
const consultations: ConsultationStatus[] = ['consulted', 'invited', 'not-yet', 'consulted', 'invited'];

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same board. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Throws when `props` break the board model's validators (the server would skip such a card). */
function validate(props: object, validators: Record<string, { validate(value: unknown): unknown }>, what: string): void {
  for (const [key, validator] of Object.entries(validators)) {
    try {
      validator.validate((props as Record<string, unknown>)[key]);
    } catch (error) {
      throw new Error(`${what}: prop ${key}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

/** The scenario's records, the same for every run. */
export function buildKoppelBoard(plan: KoppelPlan = koppelPlan): KoppelBoard {
  if (plan.inQuadrant % 4 !== 0 || plan.inQuadrant > plan.opportunities) throw new Error(`inQuadrant must be a multiple of 4 and at most ${plan.opportunities}`);
  const next = random(20261128);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const shapes: ShapeSpec[] = [];

  // Domain cards: the catalogue's keys in turn, in a row above the board.
  const domainSize = defaultDomainProps();
  const domainRowY = -420;
  for (let k = 0; k < plan.domains; k++) {
    const entry = catalogueDomains[k % catalogueDomains.length]!;
    const consultation = consultations[k % consultations.length]!;
    const props: DomainShapeProps = {
      ...defaultDomainProps(),
      domain: entry.key,
      contact: `${pick(contacts)} ${entry.nl}`,
      ambitions: `Ambitie ${entry.nl.toLowerCase()}: aansluiten bij de wijkaanpak ${pick(places)}`,
      consultation,
      consultedOn: consultation === 'consulted' ? `2026-${String(1 + (k % 11)).padStart(2, '0')}-${String(1 + ((k * 7) % 27)).padStart(2, '0')}` : '',
    };
    validate(props, domainShapeProps, domainId(k));
    shapes.push({ id: domainId(k), type: 'domain', x: k * 250, y: domainRowY, props });
  }

  // The quadrant, and a grid beside it.
  const quadrant: QuadrantShapeProps = { ...defaultQuadrantProps(), w: 3000, h: 2000, title: 'Kansen en risico’s — wijkaanpak 2027' };
  validate(quadrant, quadrantShapeProps, quadrantId);
  const quadrantAt = { x: 0, y: 0 };
  shapes.push({ id: quadrantId, type: 'quadrant', ...quadrantAt, props: quadrant });
  const gridAt = { x: quadrant.w + 300, y: 0 };
  const gridColumns = 10;
  const cell = { w: 290, h: 190 };

  const card = defaultOpportunityProps();
  const classes: Record<QuadrantClass, number> = { 'win-win': 0, conditional: 0, 'no-regret': 0, park: 0 };
  const perClass = plan.inQuadrant / 4;
  const perRow = Math.ceil(Math.sqrt(perClass));
  const arrows: ArrowSpec[] = [];
  const domainCentre = (k: number) => ({ x: k * 250 + domainSize.w / 2, y: domainRowY + domainSize.h / 2 });
  for (let i = 0; i < plan.opportunities; i++) {
    const statusRoll = next();
    const status = statusRoll < 0.35 ? 'idea' : statusRoll < 0.9 ? opportunityStatuses[1 + Math.floor(next() * 4)]! : 'parked';
    const timingRoll = next();
    const timing = timingRoll < 0.2 ? 'unknown' : timingRoll < 0.35 ? 'now' : timingRoll < 0.65 ? 'two-years' : timingRoll < 0.8 ? 'three-to-ten-years' : timingRoll < 0.9 ? 'twenty-year' : 'year';
    const cardTracks = allTracks.filter(() => next() < 0.25) as Track[];
    const voters = next() < 0.4 ? Array.from({ length: 1 + Math.floor(next() * 8) }, (_, v) => `bench-voter-${String((i + v * 3) % 24).padStart(2, '0')}`) : [];
    const props: OpportunityShapeProps = {
      ...card,
      title: `${measures[i % measures.length]} ${places[Math.floor(i / measures.length) % places.length]}`,
      description: next() < 0.6 ? `Koppelkans ${i + 1} uit de werksessie: ${pick(benefitPool).toLowerCase()}.` : '',
      benefits: Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(benefitPool)),
      risks: Array.from({ length: Math.floor(next() * 3) }, () => {
        const [risk, mitigation] = pick(riskPool);
        return { risk, mitigation };
      }),
      timing,
      timingYear: timing === 'year' ? 2027 + Math.floor(next() * 8) : null,
      housingCost: pick(['unknown', 'lower', 'neutral', 'higher'] as const),
      tracks: [...new Set(cardTracks)],
      status,
      parkedReason: status === 'parked' ? 'Wacht op besluit over de warmtevisie' : '',
      owner: pick(owners),
      nextAction: pick(actions),
      voters: [...new Set(voters)],
    };
    validate(props, opportunityShapeProps, opportunityId(i));
    let page: { x: number; y: number };
    if (i < plan.inQuadrant) {
      // Class c gets cards i with i % 4 === c, in a perRow × perRow block of its quarter.
      const c = i % 4;
      const j = Math.floor(i / 4);
      const quarter = { x: (c % 2) * (quadrant.w / 2), y: Math.floor(c / 2) * (quadrant.h / 2) };
      const local = { x: quarter.x + 50 + (j % perRow) * 280 + Math.round((next() - 0.5) * 30), y: quarter.y + 60 + Math.floor(j / perRow) * 180 + Math.round((next() - 0.5) * 20) };
      const { quadrantClass } = classifyPoint(quadrant, local.x + props.w / 2, local.y + props.h / 2);
      classes[quadrantClass]++;
      shapes.push({ id: opportunityId(i), type: 'opportunity', ...local, parentId: quadrantId, props });
      page = { x: quadrantAt.x + local.x, y: quadrantAt.y + local.y };
    } else {
      const g = i - plan.inQuadrant;
      page = { x: gridAt.x + (g % gridColumns) * cell.w, y: gridAt.y + Math.floor(g / gridColumns) * cell.h };
      shapes.push({ id: opportunityId(i), type: 'opportunity', ...page, props });
    }
    // Linked to a domain card picked at random: arrows cross the board as on a real one.
    const k = Math.floor(next() * plan.domains);
    const start = { x: page.x + props.w / 2, y: page.y + props.h / 2 };
    const end = domainCentre(k);
    arrows.push({ id: arrowId(i), x: start.x, y: start.y, dx: end.x - start.x, dy: end.y - start.y, from: opportunityId(i), to: domainId(k) });
  }
  if (Object.values(classes).some((count) => count !== perClass)) throw new Error(`quadrant classes come out uneven: ${JSON.stringify(classes)}`);
  const gridRows = Math.ceil((plan.opportunities - plan.inQuadrant) / gridColumns);
  const right = Math.max(plan.domains * 250 - 30, plan.opportunities > plan.inQuadrant ? gridAt.x + gridColumns * cell.w : quadrant.w);
  const bottom = Math.max(quadrant.h, gridAt.y + gridRows * cell.h);
  return { plan, shapes, arrows, classes, bounds: { x: 0, y: domainRowY, w: right, h: bottom - domainRowY }, quadrantId };
}

/**
 * What the load probe waits for on this board: every shape element, plus the opportunity
 * cards' domain chips and class badges (derived from bindings and the quadrant), so "fully
 * rendered" includes the parts our shape components compute.
 */
export function koppelExpectation(board: KoppelBoard): ProbeExpectation {
  return {
    shapes: board.shapes.length + board.arrows.length,
    selectors: { '.kb-chip': board.arrows.length, '[data-quadrant-class]': board.plan.inQuadrant },
  };
}

/**
 * Creates the board through the editor in `page`: 200 shapes per `editor.run` (domain cards
 * and the quadrant before the cards inside it), then 100 arrows with their 200 bindings per
 * run, a macrotask in between so the binding writes each chunk.
 */
export async function seedKoppelBoard(page: Page, board: KoppelBoard): Promise<{ shapes: number; bindings: number }> {
  return page.evaluate(
    async ({ shapes, arrows }) => {
      const editor = (window as unknown as { editor: BenchEditor }).editor;
      const pageId = editor.getCurrentPageId();
      const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
      for (let start = 0; start < shapes.length; start += 200) {
        const chunk = shapes.slice(start, start + 200).map((shape) => ({ ...shape, parentId: shape.parentId ?? pageId }));
        editor.run(() => editor.createShapes(chunk));
        await nextTask();
      }
      const anchor = { x: 0.5, y: 0.5 };
      const bindingProps = (terminal: 'start' | 'end') => ({ terminal, normalizedAnchor: anchor, isExact: false, isPrecise: false, snap: 'none' });
      for (let start = 0; start < arrows.length; start += 100) {
        const chunk = arrows.slice(start, start + 100);
        editor.run(() => {
          editor.createShapes(
            chunk.map((arrow) => ({ id: arrow.id, type: 'arrow', parentId: pageId, x: arrow.x, y: arrow.y, props: { start: { x: 0, y: 0 }, end: { x: arrow.dx, y: arrow.dy }, color: 'grey' } })),
          );
          editor.createBindings(
            chunk.flatMap((arrow) => [
              { type: 'arrow', fromId: arrow.id, toId: arrow.from, props: bindingProps('start') },
              { type: 'arrow', fromId: arrow.id, toId: arrow.to, props: bindingProps('end') },
            ]),
          );
        });
        await nextTask();
      }
      let bindings = 0;
      for (const arrow of arrows) bindings += editor.getBindingsInvolvingShape(arrow.id).length;
      return { shapes: editor.getCurrentPageShapeIds().size, bindings };
    },
    { shapes: board.shapes, arrows: board.arrows },
  );
}

export interface KoppelCheck {
  domainCards: number;
  opportunityCards: number;
  quadrants: number;
  arrows: number;
  arrowBindings: number;
  /** Register rows with exactly one linked domain (the chip each card shows). */
  opportunitiesWithOneDomain: number;
  classes: Record<QuadrantClass, number>;
}

/** Counts the board from plain records (e.g. a stock client's copy of the server's doc), through the board model's register. */
export function checkKoppelRecords(records: BoardRecordLike[]): KoppelCheck {
  const shapeType = (record: BoardRecordLike) => (record.typeName === 'shape' ? (record as unknown as { type: string }).type : undefined);
  const count = (type: string) => records.filter((record) => shapeType(record) === type).length;
  const rows = opportunityRegister(records);
  const classes: Record<QuadrantClass, number> = { 'win-win': 0, conditional: 0, 'no-regret': 0, park: 0 };
  for (const row of rows) if (row.quadrant) classes[row.quadrant.quadrantClass]++;
  return {
    domainCards: count('domain'),
    opportunityCards: count('opportunity'),
    quadrants: count('quadrant'),
    arrows: count('arrow'),
    arrowBindings: records.filter((record) => record.typeName === 'binding' && (record as unknown as { type: string }).type === 'arrow').length,
    opportunitiesWithOneDomain: rows.filter((row) => row.domains.length === 1).length,
    classes,
  };
}

/** True when the records hold the whole scenario. */
export function isComplete(check: KoppelCheck, board: KoppelBoard): boolean {
  const { plan } = board;
  return (
    check.domainCards >= plan.domains &&
    check.opportunityCards >= plan.opportunities &&
    check.quadrants >= 1 &&
    check.arrows >= board.arrows.length &&
    check.arrowBindings >= board.arrows.length * 2 &&
    check.opportunitiesWithOneDomain >= plan.opportunities &&
    (Object.keys(board.classes) as QuadrantClass[]).every((name) => check.classes[name] >= board.classes[name])
  );
}
