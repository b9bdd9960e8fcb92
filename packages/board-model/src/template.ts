/**
 * The starter template "Sociale koppelkansen verkennen": what a new board holds when its
 * creator picks the template instead of a blank board. It lays out the method's exploring
 * step left to right: the policy domains to consult, the outside organisations the method
 * names, an area for new opportunities, the risk/benefit quadrant and a legend; below them
 * the plans timeline (this year … +20), on which the neighbourhood's existing plans go.
 *
 * The server writes these records in the board's seed, so they must be complete, valid
 * tldraw records and deterministic by default (the seed is byte-for-byte reproducible).
 */
import type { BoardLanguage } from '@koppelbord/contract';
import { toRichText, type TLShape, type TLShapeId, type TLTextShape, type TLGeoShape } from '@tldraw/tlschema';
import { getIndices, type IndexKey, type JsonObject } from '@tldraw/utils';
import { findDomain, findOrganisationKind } from './catalogue.ts';
import { defaultDomainProps } from './shapes/domain.ts';
import { defaultOrganisationProps } from './shapes/organisation.ts';
import { defaultOpportunityProps } from './shapes/opportunity.ts';
import { defaultQuadrantProps } from './shapes/quadrant.ts';
import { defaultTimelineProps } from './shapes/timeline.ts';
import { timelineYearCount } from './plans-timeline.ts';

export const starterTemplateId = 'sociale-koppelkansen' as const;

export interface StarterTemplateOptions {
  /** Language of the headings, labels, legend and organisation names. Default `'nl'`. */
  locale?: BoardLanguage;
  /** The page the shapes go on. Default `'page:page'`, the page the server seeds. */
  pageId?: string;
  /** Top-left corner of the layout. Default `{x: 0, y: 0}`. */
  origin?: { x: number; y: number };
  /**
   * Makes a full shape id (`shape:…`), called once per shape in layout order. By default
   * the ids are fixed (`shape:template-domain-care`, …) so the server's seed stays
   * deterministic; a client placing the template on an existing board passes a random one.
   */
  createId?: () => string;
}

/** The policy domains the method names first (catalogue keys), top to bottom. */
const templateDomains = [
  'care',
  'welfare',
  'education',
  'work-income',
  'safety',
  'public-space',
  'sewerage-water',
  'housing',
  'energy-transition',
] as const;

/** The outside parties the method tells the team to approach (organisation-kind keys). */
const templateOrganisations = ['housing-corporation', 'welfare-organisation', 'school'] as const;

const strings = {
  nl: {
    domainsHeading: 'Beleidsdomeinen',
    organisationsHeading: 'Organisaties',
    area: 'Koppelkansen — zet hier nieuwe kansen neer en verbind ze met pijlen',
    quadrantTitle: defaultQuadrantProps().title,
    timelineTitle: defaultTimelineProps().title,
    legend: [
      'Legenda',
      '• De kleur van de rand van een kaart is het beleidsdomein.',
      '• Een pijl van een koppelkans naar een domein- of organisatiekaart: die zijn aan elkaar gekoppeld.',
      '• Sleep een koppelkans in het kwadrant: hoger = meer baten, verder naar rechts = meer risico.',
      '• De tabbladen Register en Dekking tonen alle koppelkansen en wie er aan tafel zit.',
    ],
  },
  en: {
    domainsHeading: 'Policy domains',
    organisationsHeading: 'Organisations',
    area: 'Coupling opportunities — put new opportunities here and connect them with arrows',
    quadrantTitle: 'Opportunities and risks',
    timelineTitle: 'Plans in the neighbourhood',
    legend: [
      'Legend',
      '• The colour of a card’s edge is its policy domain.',
      '• An arrow from an opportunity to a domain or organisation card: they are linked.',
      '• Drag an opportunity into the quadrant: higher = more benefit, further right = more risk.',
      '• The Register and Coverage tabs list the opportunities and who is at the table.',
    ],
  },
} as const satisfies Record<BoardLanguage, unknown>;

/** Every scaffolding text of the template in one language, as its shapes hold it (the legend's lines joined by newlines). */
function scaffoldTexts(locale: BoardLanguage): string[] {
  const text = strings[locale];
  // New texts go at the end: the index pairs a text with its translation.
  return [text.domainsHeading, text.organisationsHeading, text.area, text.quadrantTitle, text.legend.join('\n'), text.timelineTitle];
}

/**
 * A scaffolding text in the reader's language: the template wrote it in the board's language,
 * and while it is still that default (in any language), it is scaffolding, shown in `locale`;
 * once someone changed it, it is the board's own content and stays as typed.
 */
export function localizedTemplateText(text: string, locale: BoardLanguage): string {
  for (const language of Object.keys(strings) as BoardLanguage[]) {
    const index = scaffoldTexts(language).indexOf(text);
    if (index >= 0) return scaffoldTexts(locale)[index]!;
  }
  return text;
}

/*
 * Layout, in page units from the origin. Headings sit in a band above the card columns;
 * the opportunities area, the quadrant and the legend follow to the right. The gaps leave
 * room for the quadrant's title, which it draws above its top edge.
 */
const cardTop = 100;
const cardGap = 20;
const columnWidth = defaultDomainProps().w;
const headingWidth = 300;
// Wide enough for the wider of a heading and a card, so neither reaches the next column.
const columnPitch = Math.max(headingWidth, columnWidth) + 40;
const domainsX = 0;
const organisationsX = domainsX + columnPitch;
const areaX = organisationsX + columnPitch;
/** Room for 4 × 3 opportunity cards with a 40-unit margin around each, below the label. */
const areaCard = defaultOpportunityProps();
const areaW = 4 * areaCard.w + 5 * 40;
const areaH = 100 + 3 * areaCard.h + 4 * 40;
const quadrantX = areaX + areaW + 80;
const quadrant = defaultQuadrantProps();
const legendX = quadrantX + quadrant.w + 80;
const legendWidth = 440;
/** Below the longest column (the domains), with room for the timeline's title above its edge. */
const timelineY = cardTop + templateDomains.length * (defaultDomainProps().h + cardGap) + 100;
/** 150 units a year: the plans' titles stay readable at a year or two. */
const timelineW = timelineYearCount * 150;

type ShapeDraft = { [K in TLShape['type']]: Pick<TLShape<K>, 'type' | 'x' | 'y' | 'isLocked' | 'props'> & { key: string; meta: JsonObject } }[TLShape['type']];

const templateMeta = (extra: JsonObject = {}): JsonObject => ({ template: starterTemplateId, ...extra });

function heading(key: string, x: number, text: string): ShapeDraft {
  const props: TLTextShape['props'] = {
    color: 'black',
    size: 'l',
    font: 'sans',
    textAlign: 'start',
    // A fixed width wraps a long heading instead of growing it into the next column.
    autoSize: false,
    w: headingWidth,
    scale: 1,
    richText: toRichText(text),
  };
  return { key, type: 'text', x, y: 0, isLocked: true, meta: templateMeta({ scaffold: true }), props };
}

/**
 * The starter template's shapes: complete tldraw records that validate under
 * `createBoardSchema()`, in ascending index order, on `pageId`.
 */
export function starterTemplate(options: StarterTemplateOptions = {}): TLShape[] {
  const locale = options.locale ?? 'nl';
  const pageId = options.pageId ?? 'page:page';
  const origin = options.origin ?? { x: 0, y: 0 };
  const text = strings[locale];

  const drafts: ShapeDraft[] = [];
  drafts.push(heading('heading-domains', domainsX, text.domainsHeading));
  templateDomains.forEach((domain, row) => {
    if (!findDomain(domain)) throw new Error(`template domain ${domain} is not in the catalogue`);
    const props = { ...defaultDomainProps(), domain };
    drafts.push({ key: `domain-${domain}`, type: 'domain', x: domainsX, y: cardTop + row * (props.h + cardGap), isLocked: false, meta: templateMeta(), props });
  });

  drafts.push(heading('heading-organisations', organisationsX, text.organisationsHeading));
  templateOrganisations.forEach((kind, row) => {
    const entry = findOrganisationKind(kind);
    if (!entry) throw new Error(`template organisation kind ${kind} is not in the catalogue`);
    const props = { ...defaultOrganisationProps(), kind, name: entry[locale] };
    drafts.push({ key: `organisation-${kind}`, type: 'organisation', x: organisationsX, y: cardTop + row * (props.h + cardGap), isLocked: false, meta: templateMeta(), props });
  });

  // A geo shape, not a frame: tldraw treats the children of a locked shape as locked, and
  // opportunities placed in the area must stay movable.
  const areaProps: TLGeoShape['props'] = {
    geo: 'rectangle',
    dash: 'dashed',
    url: '',
    w: areaW,
    h: areaH,
    growY: 0,
    scale: 1,
    flipX: false,
    flipY: false,
    labelColor: 'black',
    color: 'light-blue',
    fill: 'solid',
    size: 'm',
    font: 'sans',
    align: 'middle',
    verticalAlign: 'start',
    richText: toRichText(text.area),
  };
  drafts.push({ key: 'opportunities-area', type: 'geo', x: areaX, y: 0, isLocked: true, meta: templateMeta({ scaffold: true }), props: areaProps });

  // Not locked: opportunities are dropped into the quadrant and become its children, which
  // a locked parent would lock too. `pinned` tells the client to keep it in place itself.
  drafts.push({
    key: 'quadrant',
    type: 'quadrant',
    x: quadrantX,
    y: cardTop,
    isLocked: false,
    meta: templateMeta({ scaffold: true, pinned: true }),
    props: { ...quadrant, title: text.quadrantTitle },
  });

  // Pinned like the quadrant, and for the same reason: plans placed on it are its children.
  drafts.push({
    key: 'timeline',
    type: 'timeline',
    x: domainsX,
    y: timelineY,
    isLocked: false,
    meta: templateMeta({ scaffold: true, pinned: true }),
    props: { ...defaultTimelineProps(), w: timelineW, title: text.timelineTitle },
  });

  const legendProps: TLTextShape['props'] = {
    color: 'black',
    size: 's',
    font: 'sans',
    textAlign: 'start',
    autoSize: false,
    w: legendWidth,
    scale: 1,
    richText: toRichText(text.legend.join('\n')),
  };
  drafts.push({ key: 'legend', type: 'text', x: legendX, y: cardTop, isLocked: true, meta: templateMeta({ scaffold: true }), props: legendProps });

  const indices: IndexKey[] = getIndices(drafts.length).slice(0, drafts.length);
  return drafts.map(({ key, ...draft }, i) => {
    const id = (options.createId?.() ?? `shape:template-${key}`) as TLShapeId;
    // One cast: TypeScript cannot follow the draft's type/props pairing through the spread.
    return {
      ...draft,
      id,
      typeName: 'shape',
      parentId: pageId,
      index: indices[i]!,
      x: origin.x + draft.x,
      y: origin.y + draft.y,
      rotation: 0,
      opacity: 1,
    } as TLShape;
  });
}

/** Whether a shape is part of a template's fixed layout (headings, area, quadrant, legend), not a card. */
export function isScaffold(shape: { meta: unknown }): boolean {
  const meta = shape.meta;
  return typeof meta === 'object' && meta !== null && (meta as { scaffold?: unknown }).scaffold === true;
}

/**
 * The scaffolding that is *pinned* (`meta.pinned`) instead of locked: containers whose
 * children (opportunities in the quadrant, plans on the timeline) must stay movable, which
 * tldraw's lock on the parent would prevent.
 */
export const pinnedScaffoldTypes: readonly string[] = ['quadrant', 'timeline'];
