import { Box, createShapeId, type Editor, type TLShapeId, type TLShapePartial } from 'tldraw';
import { findDomain, koppelShapeTypes, starterTemplate, type KoppelShapeType } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { findFreeSpot } from './free-space.ts';

/** Whether a shape type is one of the Koppelkansen cards (the quadrant included), which the card panel edits. */
export function isCardType(type: string): type is KoppelShapeType {
  return (koppelShapeTypes as readonly string[]).includes(type);
}

/**
 * Adds a card of `type` near the middle of what this participant sees, in free space (not on
 * top of earlier cards), and selects it.
 * A domain card starts as the participant's own domain when that is a catalogue domain.
 * Like a shape drawn by hand, it lands inside a quadrant when made over one.
 */
export function addCard(editor: Editor, type: KoppelShapeType, speaksFor: string): TLShapeId {
  const id = createShapeId();
  const size = editor.getShapeUtil(type).getDefaultProps() as { w: number; h: number };
  const { x, y } = findFreeSpot(editor, size, editor.getViewportPageBounds().center);
  const props = type === 'domain' && findDomain(speaksFor) ? { domain: speaksFor } : {};
  editor.markHistoryStoppingPoint(`add ${type}`);
  editor.createShape({ id, type, x, y, props } as TLShapePartial);
  editor.select(id);
  // On a crowded board the nearest free space can lie outside the view.
  editor.zoomToSelectionIfOffscreen(32);
  return id;
}

/**
 * Puts the starter template *Sociale koppelkansen verkennen* on the current page, right of
 * what is there already (or in view on an empty page), and zooms to it.
 */
export function insertStarterTemplate(editor: Editor, locale: BoardLanguage): void {
  const content = editor.getCurrentPageBounds();
  const origin = content ? { x: content.maxX + 200, y: content.y } : editor.getViewportPageBounds().point;
  const records = starterTemplate({ locale, pageId: editor.getCurrentPageId(), origin, createId: () => createShapeId() });
  // The editor gives each shape an index above what is on the page; the template's own indices
  // only suit an empty page.
  const shapes = records.map(({ id, type, x, y, rotation, isLocked, opacity, meta, props, parentId }) => ({ id, type, x, y, rotation, isLocked, opacity, meta, props, parentId }) as TLShapePartial);
  editor.markHistoryStoppingPoint('insert template');
  editor.createShapes(shapes);
  editor.selectNone();
  const inserted = records.flatMap((record) => editor.getShapePageBounds(record.id) ?? []);
  if (inserted.length > 0) editor.zoomToBounds(Box.Common(inserted), { animation: { duration: 300 } });
}
