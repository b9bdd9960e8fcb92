import type { SerializedSchema } from '@tldraw/store';
import type { BoardLanguage } from '@koppelbord/contract';
import type { RenderedBoard, RenderedPage } from '@koppelbord/contract';

/**
 * A board record as the server reads it from a Y.Doc (`readDocRecords`). tldraw's `TLRecord`
 * is one: the server does not depend on tldraw's schema package, it passes records on and
 * reads a few fields of them.
 */
export interface BoardRecord {
  readonly id: string;
  readonly typeName: string;
}

export interface RenderInput {
  records: BoardRecord[];
  schema: SerializedSchema;
  /** The board's language: the cards' own labels are drawn in it. */
  locale: BoardLanguage;
}

export type { RenderedBoard, RenderedPage };
