import type { TLShapePartial } from 'tldraw';
import {
  cardKindLabels,
  catalogueLabel,
  defaultPlanProps,
  findDomain,
  periodText,
  planFirmnessLabels,
  planShapeMigrations,
  planShapeProps,
  planTitle,
  type CouplingMoment,
  type PlanShape,
} from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { draggedPlan, pageCouplingMoments, placedByPeriod, resizedPlan, settledPlan, timelineOf } from '../editor/plan-placement.ts';
import { messages } from '../i18n/messages.ts';
import { Card, CardSvg, colourCss } from './card.tsx';
import { CardShapeUtil } from './CardShapeUtil.ts';
import { farTitleFit } from './far-title.ts';
import { shapeLocale } from './shape-locale.ts';
import { svgText } from './svg-text.ts';

/** A plan's edge: its owner domain's colour, else one colour for all plans (not a domain's). */
const planEdge = '#5f3dc4';
/** The coupling-moment badge: the timeline's moment colour (TimelineShapeUtil). */
export const momentColours = { background: '#ffe8cc', text: '#7a3e00', band: 'rgba(253, 126, 20, 0.22)', line: '#e8590c' } as const;

/**
 * An existing plan for the neighbourhood (sewer replacement, street redesign, …): title,
 * period and firmness, owner, and how many coupling moments it has (plans on the page that run
 * at the same time). On a timeline it sits over its years (editor/plan-placement.ts).
 */
export class PlanShapeUtil extends CardShapeUtil<PlanShape> {
  static override type = 'plan' as const;
  static override props = planShapeProps;
  static override migrations = planShapeMigrations;

  override getDefaultProps(): PlanShape['props'] {
    return defaultPlanProps();
  }

  /** Made on a timeline (pasted, or by a tool or test through the editor): placed over its years. */
  override onBeforeCreate(next: PlanShape): PlanShape | undefined {
    const timeline = timelineOf(this.editor, next);
    if (timeline) return placedByPeriod(next, next.props.period, timeline.props);
  }

  /** This participant's own edits outside a drag: place and period stay one (settledPlan). */
  override onBeforeUpdate(prev: PlanShape, next: PlanShape): PlanShape | undefined {
    if (this.editor.isInAny('select.translating', 'select.resizing')) return;
    const timeline = timelineOf(this.editor, next);
    if (timeline) return settledPlan(prev, next, timeline.props);
  }

  /**
   * Snaps to whole years while dragged along the timeline, so the card shows the years it will
   * get. Only in a drag: tldraw runs these hooks for a keyboard nudge too, which onBeforeUpdate
   * turns into a year.
   */
  override onTranslate(initial: PlanShape, current: PlanShape): TLShapePartial<PlanShape> | undefined {
    const timeline = timelineOf(this.editor, current);
    if (!timeline || initial.parentId !== current.parentId || !this.editor.isIn('select.translating')) return;
    const placed = draggedPlan(initial, current, timeline.props);
    return { id: current.id, type: 'plan', x: placed.x, props: { w: placed.props.w, period: placed.props.period } };
  }

  override onTranslateEnd(initial: PlanShape, current: PlanShape): TLShapePartial<PlanShape> | undefined {
    const timeline = timelineOf(this.editor, current);
    if (!timeline || !this.editor.isIn('select.translating')) return;
    const placed = draggedPlan(initial, current, timeline.props);
    return { id: current.id, type: 'plan', x: placed.x, props: { w: placed.props.w, period: placed.props.period } };
  }

  override onResizeEnd(initial: PlanShape, current: PlanShape): TLShapePartial<PlanShape> | undefined {
    const timeline = timelineOf(this.editor, current);
    if (!timeline || initial.parentId !== current.parentId) return;
    const placed = resizedPlan(initial, current, timeline.props);
    return { id: current.id, type: 'plan', x: placed.x, props: { w: placed.props.w, period: placed.props.period } };
  }

  /** The coupling moments this plan takes part in, on the current page. */
  moments(shape: PlanShape): CouplingMoment[] {
    return pageCouplingMoments(this.editor).filter((moment) => moment.plans.some((plan) => plan.id === shape.id));
  }

  override getText(shape: PlanShape) {
    return planTitle(shape.props.title, shapeLocale(this.editor));
  }

  /** Title, years, firmness, owner and each coupling moment, for a screen reader. */
  override getAriaDescriptor(shape: PlanShape) {
    const locale = shapeLocale(this.editor);
    const t = messages[locale].plans;
    return [
      `${cardKindLabels.plan[locale]}: ${planTitle(shape.props.title, locale)}`,
      detailLine(shape, locale),
      ...this.moments(shape).map((moment) => t.momentWith(otherPlan(moment, shape.id), periodText(moment.period))),
    ]
      .filter(Boolean)
      .join(', ');
  }

  override component(shape: PlanShape) {
    const locale = shapeLocale(this.editor);
    const title = planTitle(shape.props.title, locale);
    const moments = this.moments(shape);
    return (
      <Card edge={edge(shape)} kind={`${cardKindLabels.plan[locale]} · ${planFirmnessLabels[shape.props.firmness][locale]}`} title={title} titleFit={farTitleFit(title, shape.props.w)}>
        <div className="kb-card__line" data-plan-period={periodText(shape.props.period)}>
          {detailLine(shape, locale, false)}
        </div>
        {moments.length > 0 && (
          <div className="kb-badge" data-coupling-moments={moments.length} title={moments.map((moment) => messages[locale].plans.momentWith(otherPlan(moment, shape.id), periodText(moment.period))).join('\n')} style={{ background: momentColours.background, color: momentColours.text }}>
            {messages[locale].plans.momentCount(moments.length)}
          </div>
        )}
      </Card>
    );
  }

  override toSvg(shape: PlanShape) {
    const locale = shapeLocale(this.editor);
    const moments = this.moments(shape);
    const { w, h } = shape.props;
    return (
      <CardSvg
        w={w}
        h={h}
        edge={edge(shape)}
        kind={`${cardKindLabels.plan[locale]} · ${planFirmnessLabels[shape.props.firmness][locale]}`}
        title={planTitle(shape.props.title, locale)}
        lines={[detailLine(shape, locale, false)]}
        badge={moments.length > 0 ? { label: messages[locale].plans.momentCount(moments.length), colours: momentColours } : undefined}
        layout={svgText(this.editor)}
      />
    );
  }
}

function edge(shape: PlanShape): string {
  const colour = findDomain(shape.props.owner)?.colour;
  return (colour && colourCss[colour]) || planEdge;
}

/** "2028–2030 · Riolering & water" (with the firmness too where the kind line does not say it). */
function detailLine(shape: PlanShape, locale: BoardLanguage, withFirmness = true): string {
  const { period, owner, firmness } = shape.props;
  return [periodText(period), withFirmness ? planFirmnessLabels[firmness][locale] : '', owner ? catalogueLabel(owner, locale) : ''].filter(Boolean).join(' · ');
}

/** The other plan of a moment, by title. */
function otherPlan(moment: CouplingMoment, id: string): string {
  return (moment.plans[0].id === id ? moment.plans[1] : moment.plans[0]).title;
}
