import type { ComputedCache, Editor, TLShape, TLShapeId } from 'tldraw';
import {
  cardKindLabels,
  catalogueLabel,
  classifyOpportunity,
  defaultOpportunityProps,
  findDomain,
  opportunityShapeMigrations,
  opportunityShapeProps,
  opportunityStatusLabels,
  quadrantClassLabels,
  type QuadrantClass,
  type OpportunityShape,
} from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { linkedShapeIds } from '../editor/arrow-links.ts';
import { messages } from '../i18n/messages.ts';
import { badgeColours, Card, CardSvg, colourCss } from './card.tsx';
import { CardShapeUtil } from './CardShapeUtil.ts';
import { shapeLocale } from './shape-locale.ts';
import { svgText } from './svg-text.ts';

const edge = '#1d4f91';

const quadrantClassCaches = new WeakMap<Editor, ComputedCache<QuadrantClass | null, OpportunityShape>>();

/** A koppelkans card: linked domains as colour chips, its quadrant class as a badge. */
export class OpportunityShapeUtil extends CardShapeUtil<OpportunityShape> {
  static override type = 'opportunity' as const;
  static override props = opportunityShapeProps;
  static override migrations = opportunityShapeMigrations;

  override getDefaultProps(): OpportunityShape['props'] {
    return defaultOpportunityProps();
  }

  /**
   * The card's quadrant class, derived from its position inside a quadrant (never stored).
   * Read through a cache of the card's own record: tldraw draws a card again only when its
   * props change, and a local drag moves it (x, y, parent) without touching them, so the badge
   * of the dragger's own card would stay as it was. The cache follows the record and the
   * parent, and tells the card to draw again only when the class itself changes.
   */
  quadrantClass(shape: OpportunityShape): QuadrantClass | null {
    let cache = quadrantClassCaches.get(this.editor);
    if (!cache) {
      const editor = this.editor;
      cache = editor.store.createComputedCache<QuadrantClass | null, OpportunityShape>(
        'opportunity quadrant class',
        (card) => classifyOpportunity(card, { get: (id) => editor.getShape(id as TLShapeId) })?.quadrantClass ?? null,
      );
      quadrantClassCaches.set(this.editor, cache);
    }
    return cache.get(shape.id) ?? null;
  }

  /** The domain and organisation cards linked to this card by arrows (either direction). */
  linkedCards(shape: OpportunityShape): TLShape[] {
    return [...linkedShapeIds(this.editor, shape.id)].flatMap((id) => {
      const card = this.editor.getShape(id);
      return card?.type === 'domain' || card?.type === 'organisation' ? [card] : [];
    });
  }

  /** Catalogue colours of the linked domain cards. */
  linkedDomainColours(shape: OpportunityShape): string[] {
    const colours = new Set<string>();
    for (const card of this.linkedCards(shape)) {
      if (card.type === 'domain') colours.add(colourCss[findDomain(card.props.domain)?.colour ?? 'grey'] ?? '#9fa8b2');
    }
    return [...colours];
  }

  override getText(shape: OpportunityShape) {
    return shape.props.title;
  }

  /** What a screen reader announces when the card is selected: title, status, class, links. */
  override getAriaDescriptor(shape: OpportunityShape) {
    const locale = shapeLocale(this.editor);
    const quadrantClass = this.quadrantClass(shape);
    const linked = this.linkedCards(shape).map((card) => (card.type === 'domain' ? catalogueLabel(card.props.domain, locale) : card.type === 'organisation' ? card.props.name : ''));
    return [
      `${cardKindLabels.opportunity[locale]}: ${shape.props.title}`,
      opportunityStatusLabels[shape.props.status][locale],
      quadrantClass ? quadrantClassLabels[quadrantClass][locale] : '',
      linked.length > 0 ? `${messages[locale].linkedTo} ${linked.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(', ');
  }

  override component(shape: OpportunityShape) {
    const quadrantClass = this.quadrantClass(shape);
    const chips = this.linkedDomainColours(shape);
    const locale = shapeLocale(this.editor);
    return (
      <Card edge={edge} kind={cardKindLabels.opportunity[locale]} title={shape.props.title}>
        <div className="kb-card__line">{statusLine(shape.props.status, shape.props.voters.length, locale)}</div>
        {chips.length > 0 && (
          <div className="kb-card__chips" aria-hidden="true">
            {chips.map((colour) => (
              <span key={colour} className="kb-chip" style={{ background: colour }} />
            ))}
          </div>
        )}
        {quadrantClass && (
          <div className="kb-badge" data-quadrant-class={quadrantClass} style={{ background: badgeColours[quadrantClass].background, color: badgeColours[quadrantClass].text }}>
            {quadrantClassLabels[quadrantClass][locale]}
          </div>
        )}
      </Card>
    );
  }

  override toSvg(shape: OpportunityShape) {
    const quadrantClass = this.quadrantClass(shape);
    const { w, h, title, status, voters } = shape.props;
    const locale = shapeLocale(this.editor);
    const badge = quadrantClass ? { label: quadrantClassLabels[quadrantClass][locale], quadrantClass } : undefined;
    return <CardSvg w={w} h={h} edge={edge} kind={cardKindLabels.opportunity[locale]} title={title} lines={[statusLine(status, voters.length, locale)]} chips={this.linkedDomainColours(shape)} badge={badge} layout={svgText(this.editor)} />;
  }
}

/** "Idee · 3 stemmen" */
function statusLine(status: OpportunityShape['props']['status'], votes: number, locale: BoardLanguage): string {
  return `${opportunityStatusLabels[status][locale]}${votes > 0 ? ` · ${messages[locale].votes(votes)}` : ''}`;
}
