import { BaseFrameLikeShapeUtil, HTMLContainer, resizeBox, type TLResizeInfo, type TLShape, type TLShapePartial } from 'tldraw';
import {
  cardKindLabels,
  couplingMomentsOf,
  couplingMomentText,
  defaultTimelineProps,
  localizedTemplateText,
  planBox,
  sweetSpot,
  timelineHeaderHeight,
  timelineLabels,
  timelineShapeMigrations,
  timelineShapeProps,
  timelineYearCount,
  yearWidth,
  type CouplingMoment,
  type PlanShape,
  type TimelineShape,
} from '@koppelbord/board-model';
import { thisYear } from '../editor/plan-placement.ts';
import { messages } from '../i18n/messages.ts';
import { boxOutline } from './outline.ts';
import { momentColours } from './PlanShapeUtil.tsx';
import { shapeLocale } from './shape-locale.ts';
import { cardFont } from './svg-text.ts';

const sweetSpotColours = { band: 'rgba(64, 192, 87, 0.16)', text: '#1b5e20' } as const;
const momentLabelHeight = 22;

/**
 * The plans timeline: a frame-like container (plans dropped on it become its children) with a
 * column per year from this year to +20, the sweet spot about two years ahead shaded, and a
 * band over the years of each coupling moment (two plans on it running at the same time). The
 * years come from this device's clock when drawn; resizing keeps each plan on its years.
 */
export class TimelineShapeUtil extends BaseFrameLikeShapeUtil<TimelineShape> {
  static override type = 'timeline' as const;
  static override props = timelineShapeProps;
  static override migrations = timelineShapeMigrations;

  /** No title of its own yet: drawn with the template's title in the reader's language. */
  override getDefaultProps(): TimelineShape['props'] {
    return { ...defaultTimelineProps(), title: '' };
  }

  /** Years run left to right: turned, it would no longer read as time. */
  override hideRotateHandle(): boolean {
    return true;
  }

  override onRotate(initial: TimelineShape): TLShapePartial<TimelineShape> {
    return { id: initial.id, type: initial.type, x: initial.x, y: initial.y, rotation: initial.rotation };
  }

  override canReceiveNewChildrenOfType(_shape: TimelineShape, type: TLShape['type']): boolean {
    return type === 'plan';
  }

  /** Wider or narrower, every plan stays over its own years. */
  override onResize(shape: TimelineShape, info: TLResizeInfo<TimelineShape>) {
    const next = resizeBox(shape, info);
    for (const plan of this.plans(shape)) {
      const box = planBox(plan.props.period, next.props, thisYear());
      this.editor.updateShape({ id: plan.id, type: 'plan', x: box.x, props: { w: box.w } });
    }
    return next;
  }

  plans(shape: TimelineShape): PlanShape[] {
    return this.editor.getSortedChildIdsForParent(shape.id).flatMap((id) => {
      const child = this.editor.getShape(id);
      return child?.type === 'plan' ? [child] : [];
    });
  }

  moments(shape: TimelineShape): CouplingMoment[] {
    return couplingMomentsOf(this.plans(shape), thisYear(), shapeLocale(this.editor));
  }

  #title(shape: TimelineShape): string {
    return localizedTemplateText(shape.props.title || defaultTimelineProps().title, shapeLocale(this.editor));
  }

  override getText(shape: TimelineShape) {
    return this.#title(shape);
  }

  override getAriaDescriptor(shape: TimelineShape) {
    const locale = shapeLocale(this.editor);
    const moments = this.moments(shape);
    return [`${cardKindLabels.timeline[locale]}: ${this.#title(shape)}`, messages[locale].plans.timelineDescription(this.plans(shape).length, moments.length), ...moments.map(couplingMomentText)].join(', ');
  }

  override component(shape: TimelineShape) {
    const locale = shapeLocale(this.editor);
    const { h } = shape.props;
    const year = thisYear();
    const column = yearWidth(shape.props);
    const spot = sweetSpot(year);
    const moments = this.moments(shape);
    const years = Array.from({ length: timelineYearCount }, (_, index) => year + index);
    const band = (start: number, end: number) => ({ left: (Math.max(start, year) - year) * column, width: (Math.min(end, year + timelineYearCount - 1) - Math.max(start, year) + 1) * column });
    return (
      <HTMLContainer className="kb-timeline" style={{ border: '1px solid #868e96', background: '#fcfcfd', boxSizing: 'border-box', fontFamily: cardFont }}>
        <div className="kb-quadrant__title">{this.#title(shape)}</div>
        <div data-sweet-spot={`${spot.start}-${spot.end}`} style={{ position: 'absolute', top: 0, bottom: 0, ...band(spot.start, spot.end), background: sweetSpotColours.band }}>
          <div style={{ position: 'absolute', top: 36, left: 6, right: 6, fontSize: 12, fontWeight: 600, color: sweetSpotColours.text }}>{timelineLabels.sweetSpot[locale]}</div>
        </div>
        {years.map((each, index) => (
          <div key={each} style={{ position: 'absolute', top: 0, bottom: 0, left: index * column, width: column, borderLeft: index === 0 ? 'none' : '1px dashed #dee2e6', boxSizing: 'border-box' }}>
            <div style={{ padding: '8px 6px', fontSize: 15, fontWeight: 600, color: '#444' }}>{each}</div>
          </div>
        ))}
        <div style={{ position: 'absolute', left: 0, right: 0, top: timelineHeaderHeight, borderTop: '1px solid #ced4da' }} />
        {moments.map((moment, index) => (
          <div
            key={`${moment.plans[0].id}-${moment.plans[1].id}`}
            className="kb-timeline__moment"
            data-coupling-moment={couplingMomentText(moment)}
            data-in-sweet-spot={moment.inSweetSpot}
            style={{ position: 'absolute', top: timelineHeaderHeight, bottom: 0, ...band(moment.period.start, moment.period.end), background: momentColours.band, borderLeft: `2px solid ${momentColours.line}`, borderRight: `2px solid ${momentColours.line}`, boxSizing: 'border-box' }}
          >
            <div style={{ position: 'absolute', left: 4, bottom: 4 + (index % Math.max(1, Math.floor((h - timelineHeaderHeight) / momentLabelHeight / 2))) * momentLabelHeight, whiteSpace: 'nowrap', fontSize: 12, fontWeight: 600, color: momentColours.text, background: momentColours.background, borderRadius: 999, padding: '1px 8px' }}>
              {`${timelineLabels.couplingMoment[locale]}: ${couplingMomentText(moment)}`}
            </div>
          </div>
        ))}
      </HTMLContainer>
    );
  }

  override getIndicatorPath(shape: TimelineShape) {
    return boxOutline(shape.props.w, shape.props.h);
  }

  override toSvg(shape: TimelineShape) {
    const locale = shapeLocale(this.editor);
    const { w, h } = shape.props;
    const year = thisYear();
    const column = yearWidth(shape.props);
    const spot = sweetSpot(year);
    const moments = this.moments(shape);
    const band = (start: number, end: number) => ({ x: (Math.max(start, year) - year) * column, width: (Math.min(end, year + timelineYearCount - 1) - Math.max(start, year) + 1) * column });
    const text = { fontFamily: cardFont, fontSize: 13, fill: '#444' };
    return (
      <g>
        <rect width={w} height={h} fill="#fcfcfd" stroke="#868e96" />
        <rect {...band(spot.start, spot.end)} y={0} height={h} fill={sweetSpotColours.band} />
        <text x={band(spot.start, spot.end).x + 6} y={50} {...text} fontSize={12} fontWeight={600} fill={sweetSpotColours.text}>
          {timelineLabels.sweetSpot[locale]}
        </text>
        {Array.from({ length: timelineYearCount }, (_, index) => (
          <g key={index}>
            {index > 0 && <line x1={index * column} y1={0} x2={index * column} y2={h} stroke="#dee2e6" strokeDasharray="4 4" />}
            <text x={index * column + 6} y={24} {...text} fontSize={15} fontWeight={600}>
              {year + index}
            </text>
          </g>
        ))}
        <line x1={0} y1={timelineHeaderHeight} x2={w} y2={timelineHeaderHeight} stroke="#ced4da" />
        {moments.map((moment, index) => {
          const { x, width } = band(moment.period.start, moment.period.end);
          return (
            <g key={`${moment.plans[0].id}-${moment.plans[1].id}`}>
              <rect x={x} y={timelineHeaderHeight} width={width} height={h - timelineHeaderHeight} fill={momentColours.band} stroke={momentColours.line} strokeWidth={2} />
              <text x={x + 6} y={h - 8 - index * momentLabelHeight} {...text} fontSize={12} fontWeight={600} fill={momentColours.text}>
                {`${timelineLabels.couplingMoment[locale]}: ${couplingMomentText(moment)}`}
              </text>
            </g>
          );
        })}
        <text x={0} y={-10} {...text} fontSize={15} fill="#555">
          {this.#title(shape)}
        </text>
      </g>
    );
  }
}
