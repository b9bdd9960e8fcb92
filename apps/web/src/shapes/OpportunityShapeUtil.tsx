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
  cardTitle,
} from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { linkedShapeIds } from '../editor/arrow-links.ts';
import { messages } from '../i18n/messages.ts';
import { farTitleFit } from './far-title.ts';
import { badgeColours, Card, CardSvg, domainChip, DomainChips, type DomainChip } from './card.tsx';
import { CardShapeUtil } from './CardShapeUtil.ts';
import { commentBadge } from './comment-count.ts';
import { shapeLocale } from './shape-locale.ts';
import { svgText } from './svg-text.ts';
import { cardVotes } from '../voting/card-votes.ts';

const edge = '#1d4f91';

const quadrantClassCaches = new WeakMap<Editor, ComputedCache<QuadrantClass | null, OpportunityShape>>();

/** A koppelkans card: linked domains as colour chips, its quadrant class as a badge. */
export class OpportunityShapeUtil extends CardShapeUtil<OpportunityShape> {
  static override type = 'opportunity' as const;
  static override props = opportunityShapeProps;
  static override migrations = opportunityShapeMigrations;

  /** No title of its own yet (editor/card-title.ts): the model's default is Dutch, whoever adds the card. */
  override getDefaultProps(): OpportunityShape['props'] {
    return { ...defaultOpportunityProps(), title: '' };
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

  /** A chip for each domain linked to this card: its catalogue colour and letters (custom domains grey). */
  linkedDomainChips(shape: OpportunityShape): DomainChip[] {
    const locale = shapeLocale(this.editor);
    const chips = new Map<string, DomainChip>();
    for (const card of this.linkedCards(shape)) {
      if (card.type !== 'domain' || chips.has(card.props.domain)) continue;
      const entry = findDomain(card.props.domain);
      const label = catalogueLabel(card.props.domain, locale);
      chips.set(card.props.domain, domainChip(card.props.domain, entry?.colour ?? 'grey', entry?.short[locale] ?? label.slice(0, 2), label));
    }
    return [...chips.values()];
  }

  override getText(shape: OpportunityShape) {
    return cardTitle('opportunity', shape.props.title, shapeLocale(this.editor));
  }

  /** What a screen reader announces when the card is selected: title, status, votes, benefits and risks, class, links. */
  override getAriaDescriptor(shape: OpportunityShape) {
    const locale = shapeLocale(this.editor);
    const quadrantClass = this.quadrantClass(shape);
    const linked = this.linkedCards(shape).map((card) => (card.type === 'domain' ? catalogueLabel(card.props.domain, locale) : card.type === 'organisation' ? cardTitle('organisation', card.props.name, locale) : ''));
    return [
      `${cardKindLabels.opportunity[locale]}: ${cardTitle('opportunity', shape.props.title, locale)}`,
      opportunityStatusLabels[shape.props.status][locale],
      votesText(cardVotes(this.editor, shape.id, shape.props.voters.length).votes, locale),
      weighingLine(shape.props, locale),
      quadrantClass ? quadrantClassLabels[quadrantClass][locale] : '',
      linked.length > 0 ? `${messages[locale].linkedTo} ${linked.join(', ')}` : '',
      commentBadge(this.editor, shape)?.label ?? '',
    ]
      .filter(Boolean)
      .join(', ');
  }

  override component(shape: OpportunityShape) {
    const quadrantClass = this.quadrantClass(shape);
    const chips = this.linkedDomainChips(shape);
    const locale = shapeLocale(this.editor);
    const weighing = weighingLine(shape.props, locale);
    const title = cardTitle('opportunity', shape.props.title, locale);
    return (
      <Card edge={edge} kind={cardKindLabels.opportunity[locale]} title={title} titleFit={farTitleFit(title, shape.props.w)} comments={commentBadge(this.editor, shape)}>
        <div className="kb-card__line">{statusLine(shape.props.status, cardVotes(this.editor, shape.id, shape.props.voters.length).votes, locale)}</div>
        {(weighing || chips.length > 0) && (
          // One row for both, so the class badge still fits on the card below them.
          <div className="kb-card__row">
            {weighing && <div className="kb-card__line kb-card__weighing">{weighing}</div>}
            {chips.length > 0 && <DomainChips chips={chips} />}
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
    // One line of text in the export, so the chips still fit above the badge on the card.
    const weighing = weighingLine(shape.props, locale);
    const badge = quadrantClass ? { label: quadrantClassLabels[quadrantClass][locale], quadrantClass } : undefined;
    return <CardSvg w={w} h={h} edge={edge} kind={cardKindLabels.opportunity[locale]} title={cardTitle('opportunity', title, locale)} lines={[[statusLine(status, cardVotes(this.editor, shape.id, voters.length).votes, locale), weighing].filter(Boolean).join(' · ')]} chips={this.linkedDomainChips(shape)} badge={badge} layout={svgText(this.editor)} comments={commentBadge(this.editor, shape)} />;
  }
}

/** "Idee · 3 stemmen" */
function statusLine(status: OpportunityShape['props']['status'], votes: number, locale: BoardLanguage): string {
  return [opportunityStatusLabels[status][locale], votesText(votes, locale)].filter(Boolean).join(' · ');
}

/** "3 stemmen" (the latest revealed round's, see voting/card-votes.ts); empty for none. */
const votesText = (votes: number, locale: BoardLanguage) => (votes > 0 ? messages[locale].votes(votes) : '');

/** "2 baten · 1 risico": how far the weighing of benefits and risks has come (empty before it starts). */
function weighingLine({ benefits, risks }: Pick<OpportunityShape['props'], 'benefits' | 'risks'>, locale: BoardLanguage): string {
  const t = messages[locale].canvas;
  return [benefits.length > 0 ? t.benefits(benefits.length) : '', risks.length > 0 ? t.risks(risks.length) : ''].filter(Boolean).join(' · ');
}
