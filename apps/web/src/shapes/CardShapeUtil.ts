import { BaseBoxShapeUtil, type TLBaseBoxShape, type TLShapePartial } from 'tldraw';
import { requestCardForm } from '../editor/card-form-request.ts';
import { cardOutline } from './outline.ts';

/**
 * What the domain, organisation and opportunity cards share: a rounded selection outline, and
 * a double-click that opens the card's fields in the side panel (the cards have no text to
 * edit in place). tldraw calls `onDoubleClick` for a card that was not selected yet; a
 * double-click on the selected card is caught by `openCardFormOnGesture`.
 */
export abstract class CardShapeUtil<S extends TLBaseBoxShape> extends BaseBoxShapeUtil<S> {
  override getIndicatorPath(shape: S) {
    return cardOutline(shape.props.w, shape.props.h);
  }

  override onDoubleClick(shape: S): TLShapePartial<S> {
    requestCardForm(this.editor, shape.id);
    // An (empty) change tells tldraw the double-click was handled; without one it would put a
    // new text shape on the card.
    return { id: shape.id, type: shape.type } as TLShapePartial<S>;
  }
}
