import {
  catalogueLabel,
  consultationLabel,
  defaultOrganisationProps,
  organisationShapeMigrations,
  organisationShapeProps,
  type OrganisationShape,
  cardTitle,
} from '@koppelbord/board-model';
import { farTitleFit } from './far-title.ts';
import { ConsultedCard, ConsultedCardSvg } from './card.tsx';
import { CardShapeUtil } from './CardShapeUtil.ts';
import { commentBadge } from './comment-count.ts';
import { shapeLocale } from './shape-locale.ts';
import { svgText } from './svg-text.ts';

const edge = '#495057';

/** An outside party: housing corporation, school, welfare organisation, … */
export class OrganisationShapeUtil extends CardShapeUtil<OrganisationShape> {
  static override type = 'organisation' as const;
  static override props = organisationShapeProps;
  static override migrations = organisationShapeMigrations;

  /** No name of its own yet (editor/card-title.ts): the model's default is Dutch, whoever adds the card. */
  override getDefaultProps(): OrganisationShape['props'] {
    return { ...defaultOrganisationProps(), name: '' };
  }

  override getText(shape: OrganisationShape) {
    return cardTitle('organisation', shape.props.name, shapeLocale(this.editor));
  }

  override getAriaDescriptor(shape: OrganisationShape) {
    const locale = shapeLocale(this.editor);
    const { name, kind, contact, consultation, consultedOn } = shape.props;
    return [`${catalogueLabel(kind, locale)}: ${cardTitle('organisation', name, locale)}`, contact, consultationLabel(consultation, consultedOn, locale), commentBadge(this.editor, shape)?.label].filter(Boolean).join(', ');
  }

  override component(shape: OrganisationShape) {
    const { w, name, kind, contact, consultation, consultedOn } = shape.props;
    const locale = shapeLocale(this.editor);
    const title = cardTitle('organisation', name, locale);
    return <ConsultedCard edge={edge} kind={catalogueLabel(kind, locale)} title={title} titleFit={farTitleFit(title, w)} contact={contact} consultation={consultation} consultedOn={consultedOn} locale={locale} comments={commentBadge(this.editor, shape)} />;
  }

  override toSvg(shape: OrganisationShape) {
    const { w, h, name, kind, contact, consultation, consultedOn } = shape.props;
    const locale = shapeLocale(this.editor);
    return <ConsultedCardSvg w={w} h={h} edge={edge} kind={catalogueLabel(kind, locale)} title={cardTitle('organisation', name, locale)} contact={contact} consultation={consultation} consultedOn={consultedOn} locale={locale} layout={svgText(this.editor)} comments={commentBadge(this.editor, shape)} />;
  }
}
