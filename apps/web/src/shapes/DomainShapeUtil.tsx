import {
  cardKindLabels,
  catalogueLabel,
  consultationLabel,
  defaultDomainProps,
  domainShapeMigrations,
  domainShapeProps,
  findDomain,
  type DomainShape,
} from '@koppelbord/board-model';
import { farTitleFit } from './far-title.ts';
import { colourCss, ConsultedCard, ConsultedCardSvg } from './card.tsx';
import { CardShapeUtil } from './CardShapeUtil.ts';
import { commentBadge } from './comment-count.ts';
import { shapeLocale } from './shape-locale.ts';
import { svgText } from './svg-text.ts';

/** A municipal policy domain at the table; its colour follows the catalogue. */
export class DomainShapeUtil extends CardShapeUtil<DomainShape> {
  static override type = 'domain' as const;
  static override props = domainShapeProps;
  static override migrations = domainShapeMigrations;

  override getDefaultProps(): DomainShape['props'] {
    return defaultDomainProps();
  }

  override getText(shape: DomainShape) {
    return catalogueLabel(shape.props.domain, shapeLocale(this.editor));
  }

  override getAriaDescriptor(shape: DomainShape) {
    const locale = shapeLocale(this.editor);
    const { domain, contact, consultation, consultedOn } = shape.props;
    return [`${cardKindLabels.domain[locale]}: ${catalogueLabel(domain, locale)}`, contact, consultationLabel(consultation, consultedOn, locale), commentBadge(this.editor, shape)?.label].filter(Boolean).join(', ');
  }

  override component(shape: DomainShape) {
    const { w, domain, contact, consultation, consultedOn } = shape.props;
    const locale = shapeLocale(this.editor);
    const title = catalogueLabel(domain, locale);
    return <ConsultedCard edge={edgeColour(domain)} kind={cardKindLabels.domain[locale]} title={title} titleFit={farTitleFit(title, w)} contact={contact} consultation={consultation} consultedOn={consultedOn} locale={locale} comments={commentBadge(this.editor, shape)} />;
  }

  override toSvg(shape: DomainShape) {
    const { w, h, domain, contact, consultation, consultedOn } = shape.props;
    const locale = shapeLocale(this.editor);
    return <ConsultedCardSvg w={w} h={h} edge={edgeColour(domain)} kind={cardKindLabels.domain[locale]} title={catalogueLabel(domain, locale)} contact={contact} consultation={consultation} consultedOn={consultedOn} locale={locale} layout={svgText(this.editor)} comments={commentBadge(this.editor, shape)} />;
  }
}

function edgeColour(domain: string): string {
  const entry = findDomain(domain);
  return entry ? (colourCss[entry.colour] ?? '#9fa8b2') : '#9fa8b2';
}
