import { BaseFrameLikeShapeUtil, HTMLContainer, resizeBox, type TLResizeInfo, type TLShape, type TLShapePartial } from 'tldraw';
import {
  cardKindLabels,
  defaultQuadrantProps,
  keepScoresOnResize,
  localizedTemplateText,
  quadrantAxisLabels,
  quadrantClassLabels,
  quadrantShapeMigrations,
  quadrantShapeProps,
  type QuadrantShape,
} from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { messages } from '../i18n/messages.ts';
import { boxOutline } from './outline.ts';
import { shapeLocale } from './shape-locale.ts';
import { cardFont } from './svg-text.ts';

/**
 * The risk/benefit matrix: a frame-like container (opportunities dropped in become its
 * children) with labelled axes and the four named quadrants. Resizing moves the children so
 * each keeps its scores, and therefore its class.
 */
export class QuadrantShapeUtil extends BaseFrameLikeShapeUtil<QuadrantShape> {
  static override type = 'quadrant' as const;
  static override props = quadrantShapeProps;
  static override migrations = quadrantShapeMigrations;

  /** No title of its own yet: drawn with the template's title in the reader's language (the model's default is Dutch). */
  override getDefaultProps(): QuadrantShape['props'] {
    return { ...defaultQuadrantProps(), title: '' };
  }

  /**
   * The matrix reads benefit up and risk right: turned, it would no longer say what its
   * classes mean (and placing a card in a class, editor/quadrant-placement.ts, takes it
   * upright). So it has no rotate handle, and a rotation of a selection leaves it as it was.
   */
  override hideRotateHandle(): boolean {
    return true;
  }

  override onRotate(initial: QuadrantShape): TLShapePartial<QuadrantShape> {
    return { id: initial.id, type: initial.type, x: initial.x, y: initial.y, rotation: initial.rotation };
  }

  override canReceiveNewChildrenOfType(_shape: QuadrantShape, type: TLShape['type']): boolean {
    return type === 'opportunity';
  }

  override onResize(shape: QuadrantShape, info: TLResizeInfo<QuadrantShape>) {
    const next = resizeBox(shape, info);
    const before = info.initialShape.props;
    for (const child of this.editor.getSortedChildIdsForParent(shape.id).map((id) => this.editor.getShape(id))) {
      if (child?.type !== 'opportunity') continue;
      const { x, y } = keepScoresOnResize({ x: child.x, y: child.y, w: child.props.w, h: child.props.h }, this.editor.getShape<QuadrantShape>(shape.id)?.props ?? before, next.props);
      this.editor.updateShape({ id: child.id, type: 'opportunity', x, y });
    }
    return next;
  }

  /**
   * The title as the reader sees it: the template's own title in the reader's language while
   * nobody has changed it (the record keeps the board’s language) or while it has none (a new
   * quadrant), anything else as typed.
   */
  #title(shape: QuadrantShape): string {
    return localizedTemplateText(shape.props.title || defaultQuadrantProps().title, shapeLocale(this.editor));
  }

  override getText(shape: QuadrantShape) {
    return this.#title(shape);
  }

  override getAriaDescriptor(shape: QuadrantShape) {
    const locale = shapeLocale(this.editor);
    const opportunities = this.editor.getSortedChildIdsForParent(shape.id).filter((id) => this.editor.getShape(id)?.type === 'opportunity').length;
    return `${cardKindLabels.quadrant[locale]}: ${this.#title(shape)}, ${messages[locale].opportunities(opportunities)}`;
  }

  override component(shape: QuadrantShape) {
    const locale = shapeLocale(this.editor);
    return (
      <HTMLContainer className="kb-quadrant">
        <div className="kb-quadrant__title">{this.#title(shape)}</div>
        <div className="kb-quadrant__cell kb-quadrant__cell--tl">{quadrantClassLabels['win-win'][locale]}</div>
        <div className="kb-quadrant__cell kb-quadrant__cell--tr">{quadrantClassLabels.conditional[locale]}</div>
        <div className="kb-quadrant__cell kb-quadrant__cell--bl">{quadrantClassLabels['no-regret'][locale]}</div>
        <div className="kb-quadrant__cell kb-quadrant__cell--br">{quadrantClassLabels.park[locale]}</div>
        <div className="kb-quadrant__axis kb-quadrant__axis--x">{axisLabel('risk', locale)}</div>
        <div className="kb-quadrant__axis kb-quadrant__axis--y">{axisLabel('benefit', locale)}</div>
      </HTMLContainer>
    );
  }

  override getIndicatorPath(shape: QuadrantShape) {
    return boxOutline(shape.props.w, shape.props.h);
  }

  override toSvg(shape: QuadrantShape) {
    const { w, h } = shape.props;
    const title = this.#title(shape);
    const locale = shapeLocale(this.editor);
    const label = (text: string, x: number, y: number) => (
      <text x={x} y={y} fontSize={15} fill="#555" fontFamily={cardFont}>
        {text}
      </text>
    );
    return (
      <g>
        <rect width={w} height={h} fill="#fafbfc" stroke="#868e96" />
        <line x1={w / 2} y1={0} x2={w / 2} y2={h} stroke="#adb5bd" strokeDasharray="6 4" />
        <line x1={0} y1={h / 2} x2={w} y2={h / 2} stroke="#adb5bd" strokeDasharray="6 4" />
        {label(title, 12, -10)}
        {label(quadrantClassLabels['win-win'][locale], 12, 24)}
        {label(quadrantClassLabels.conditional[locale], w / 2 + 12, 24)}
        {label(quadrantClassLabels['no-regret'][locale], 12, h / 2 + 24)}
        {label(quadrantClassLabels.park[locale], w / 2 + 12, h / 2 + 24)}
        <text x={w} y={h + 18} fontSize={13} fill="#666" fontFamily={cardFont} textAnchor="end">
          {axisLabel('risk', locale)}
        </text>
        <text transform={`translate(-8 0) rotate(-90)`} x={0} y={0} fontSize={13} fill="#666" fontFamily={cardFont} textAnchor="end">
          {axisLabel('benefit', locale)}
        </text>
      </g>
    );
  }
}

/** "Risico →": an axis, with the way its value grows. */
function axisLabel(axis: 'benefit' | 'risk', locale: BoardLanguage): string {
  return `${quadrantAxisLabels[axis][locale]} →`;
}
