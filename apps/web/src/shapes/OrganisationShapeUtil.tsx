import {
  catalogueLabel,
  consultationLabel,
  defaultOrganisationProps,
  organisationShapeMigrations,
  organisationShapeProps,
  type OrganisationShape,
} from '@koppelbord/board-model';
import { ConsultedCard, ConsultedCardSvg } from './card.tsx';
import { CardShapeUtil } from './CardShapeUtil.ts';
import { shapeLocale } from './shape-locale.ts';
import { svgText } from './svg-text.ts';

const edge = '#495057';

/** An outside party: housing corporation, school, welfare organisation, … */
export class OrganisationShapeUtil extends CardShapeUtil<OrganisationShape> {
  static override type = 'organisation' as const;
  static override props = organisationShapeProps;
  static override migrations = organisationShapeMigrations;

  override getDefaultProps(): OrganisationShape['props'] {
    return defaultOrganisationProps();
  }

  override getText(shape: OrganisationShape) {
    return shape.props.name;
  }

  override getAriaDescriptor(shape: OrganisationShape) {
    const locale = shapeLocale(this.editor);
    const { name, kind, contact, consultation, consultedOn } = shape.props;
    return [`${catalogueLabel(kind, locale)}: ${name}`, contact, consultationLabel(consultation, consultedOn, locale)].filter(Boolean).join(', ');
  }

  override component(shape: OrganisationShape) {
    const { name, kind, contact, consultation, consultedOn } = shape.props;
    const locale = shapeLocale(this.editor);
    return <ConsultedCard edge={edge} kind={catalogueLabel(kind, locale)} title={name} contact={contact} consultation={consultation} consultedOn={consultedOn} locale={locale} />;
  }

  override toSvg(shape: OrganisationShape) {
    const { w, h, name, kind, contact, consultation, consultedOn } = shape.props;
    const locale = shapeLocale(this.editor);
    return <ConsultedCardSvg w={w} h={h} edge={edge} kind={catalogueLabel(kind, locale)} title={name} contact={contact} consultation={consultation} consultedOn={consultedOn} locale={locale} layout={svgText(this.editor)} />;
  }
}
