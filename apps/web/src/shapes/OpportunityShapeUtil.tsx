import type { TLShapeId } from 'tldraw';
import {
  classifyPoint,
  findDomain,
  opportunityShapeMigrations,
  opportunityShapeProps,
  opportunityStatusLabels,
  quadrantClassLabels,
  type Classification,
  type OpportunityShape,
  defaultOpportunityProps,
} from '@koppelbord/board-model';
import { badgeColours, Card, CardSvg, colourCss } from './card.tsx';
import type { Locale } from '../i18n/messages.ts';
import { CardShapeUtil } from './CardShapeUtil.ts';
import { shapeLocale, shapeText } from './shape-text.ts';

const edge = '#1d4f91';

/** A koppelkans card: linked domains as colour chips, its quadrant class as a badge. */
export class OpportunityShapeUtil extends CardShapeUtil<OpportunityShape> {
  static override type = 'opportunity' as const;
  static override props = opportunityShapeProps;
  static override migrations = opportunityShapeMigrations;

  override getDefaultProps(): OpportunityShape['props'] {
    return defaultOpportunityProps();
  }

  /** Derived from the position inside a quadrant (never stored). */
  classification(shape: OpportunityShape): Classification | null {
    const parent = this.editor.getShape(shape.parentId as TLShapeId);
    if (!parent || parent.type !== 'quadrant') return null;
    return classifyPoint(parent.props, shape.x + shape.props.w / 2, shape.y + shape.props.h / 2);
  }

  /** Catalogue colours of the domain cards linked to this card by arrows (either direction). */
  linkedDomainColours(shape: OpportunityShape): string[] {
    const colours = new Set<string>();
    for (const binding of this.editor.getBindingsToShape(shape.id, 'arrow')) {
      for (const end of this.editor.getBindingsFromShape(binding.fromId, 'arrow')) {
        if (end.toId === shape.id) continue;
        const other = this.editor.getShape(end.toId);
        if (other?.type === 'domain') colours.add(colourCss[findDomain(other.props.domain)?.colour ?? 'grey'] ?? '#9fa8b2');
      }
    }
    return [...colours];
  }

  override component(shape: OpportunityShape) {
    const classification = this.classification(shape);
    const chips = this.linkedDomainColours(shape);
    const locale = shapeLocale(this.editor);
    return (
      <Card edge={edge} kind={shapeText[locale].opportunity} title={shape.props.title}>
        <div className="kb-card__line">{statusLine(shape.props.status, shape.props.voters.length, locale)}</div>
        {chips.length > 0 && (
          <div className="kb-card__chips" aria-hidden="true">
            {chips.map((colour) => (
              <span key={colour} className="kb-chip" style={{ background: colour }} />
            ))}
          </div>
        )}
        {classification && (
          <div
            className="kb-badge"
            data-quadrant-class={classification.quadrantClass}
            style={{ background: badgeColours[classification.quadrantClass].background, color: badgeColours[classification.quadrantClass].text }}
          >
            {quadrantClassLabels[classification.quadrantClass][locale]}
          </div>
        )}
      </Card>
    );
  }

  override toSvg(shape: OpportunityShape) {
    const classification = this.classification(shape);
    const { w, h, title, status, voters } = shape.props;
    const locale = shapeLocale(this.editor);
    const badge = classification ? { label: quadrantClassLabels[classification.quadrantClass][locale], quadrantClass: classification.quadrantClass } : undefined;
    return <CardSvg w={w} h={h} edge={edge} kind={shapeText[locale].opportunity} title={title} lines={[statusLine(status, voters.length, locale)]} chips={this.linkedDomainColours(shape)} badge={badge} />;
  }
}

/** "Idee · 3 stemmen" */
function statusLine(status: OpportunityShape['props']['status'], votes: number, locale: Locale): string {
  return `${opportunityStatusLabels[status][locale]}${votes > 0 ? ` · ${shapeText[locale].votes(votes)}` : ''}`;
}
