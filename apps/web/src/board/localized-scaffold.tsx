/**
 * The template's scaffolding texts (headings, the opportunities area's label, the legend) in
 * the reader's UI language (the quadrant translates its own title: QuadrantShapeUtil). The template writes them in the board's
 * language; while a text is still that default, it is scaffolding and is drawn in the UI
 * language (`localizedTemplateText`), and once someone changes it, it is the board's own
 * content and is drawn as typed. Only the drawing changes: the record keeps its text, so two
 * participants reading in two languages never rewrite each other's board.
 *
 * tldraw's text and geo shapes draw the text shapes, so these extend tldraw's utils for
 * the same types (tldraw replaces its default util by one of the same type).
 */
import { GeoShapeUtil, TextShapeUtil, toRichText, type Editor, type SvgExportContext, type TLGeoShape, type TLRichText, type TLTextShape } from 'tldraw';
import { isScaffold, localizedTemplateText } from '@koppelbord/board-model';
import { languageOf } from '../i18n/language.ts';
import { koppelShapeUtils } from '../shapes/index.ts';

/** The paragraphs of a rich text joined by newlines, as the template wrote them (`toRichText`). */
function paragraphs(richText: TLRichText): string {
  const doc = richText as { content?: { content?: { text?: unknown }[] }[] };
  return (doc.content ?? []).map((paragraph) => (paragraph.content ?? []).map((node) => (typeof node.text === 'string' ? node.text : '')).join('')).join('\n');
}

/** `shape` with its rich text in the reader's language when it is an unchanged scaffolding text. */
function withLocalizedRichText<S extends TLTextShape | TLGeoShape>(editor: Editor, shape: S): S {
  if (!isScaffold(shape)) return shape;
  const text = paragraphs(shape.props.richText);
  const localized = localizedTemplateText(text, languageOf(editor.user.getLocale()));
  return localized === text ? shape : { ...shape, props: { ...shape.props, richText: toRichText(localized) } };
}

export class ScaffoldTextShapeUtil extends TextShapeUtil {
  override component(shape: TLTextShape) {
    return super.component(withLocalizedRichText(this.editor, shape));
  }
  override getText(shape: TLTextShape) {
    return super.getText(withLocalizedRichText(this.editor, shape));
  }
  override toSvg(shape: TLTextShape, ctx: SvgExportContext) {
    return super.toSvg(withLocalizedRichText(this.editor, shape), ctx);
  }
}

export class ScaffoldGeoShapeUtil extends GeoShapeUtil {
  override component(shape: TLGeoShape) {
    return super.component(withLocalizedRichText(this.editor, shape));
  }
  override getText(shape: TLGeoShape) {
    return super.getText(withLocalizedRichText(this.editor, shape));
  }
  override toSvg(shape: TLGeoShape, ctx: SvgExportContext) {
    return super.toSvg(withLocalizedRichText(this.editor, shape), ctx);
  }
}

/** The board's shape utils for `<Tldraw>`: ours, and tldraw's text and geo shapes drawing the scaffolding in the reader's language. */
export const boardShapeUtils = [...koppelShapeUtils, ScaffoldTextShapeUtil, ScaffoldGeoShapeUtil];
