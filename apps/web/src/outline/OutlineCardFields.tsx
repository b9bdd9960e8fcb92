import { useEffect, useRef, useState } from 'react';
import { useValue, type TLShapeId, type TLShapePartial } from 'tldraw';
import { isCardType } from '../editor/add-cards.ts';
import { CardForm, fitsTheModel } from '../panels/card/CardPanel.tsx';
import { CardComments } from '../panels/card/Comments.tsx';
import { commentableCardTypes, type CommentableCardType } from '@koppelbord/board-model';
import type { OutlineControls } from './outline-controls.ts';

const isCommentable = (type: string): type is CommentableCardType => (commentableCardTypes as readonly string[]).includes(type);

export interface OutlineCardFieldsProps {
  /** The element id the Edit button controls. */
  id: string;
  shapeId: TLShapeId;
  name: string;
  /** Just added: the first field takes the focus, as after the toolbar's buttons. */
  focusFirst: boolean;
  controls: OutlineControls;
  /** Done (the button or Escape): the fields close and the focus goes back to Edit. */
  onDone(): void;
}

/**
 * The card's own fields, the card panel's forms (links by arrow and the quadrant class among
 * an opportunity's), for the card of this row rather than the selected one. Writes go
 * through `editor.updateShape`, checked against the model's validators first, as the card
 * panel does: a refused value is said here and the old one stays.
 */
export function OutlineCardFields({ id, shapeId, name, focusFirst, controls, onDone }: OutlineCardFieldsProps) {
  const { editor, t, locale, participant, readOnly } = controls;
  const shape = useValue('outline card', () => editor.getShape(shapeId), [editor, shapeId]);
  const [refused, setRefused] = useState(false);
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusFirst) group.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [focusFirst]);
  if (!shape || !isCardType(shape.type)) return null;
  const type = shape.type;
  const set = (props: Record<string, unknown>) => {
    if (!fitsTheModel(type, props)) return setRefused(true);
    try {
      editor.updateShape({ id: shapeId, type, props } as TLShapePartial);
      setRefused(false);
    } catch {
      // A card deleted meanwhile, say: never fatal to the page.
      setRefused(true);
    }
  };
  return (
    <div
      ref={group}
      id={id}
      role="group"
      aria-label={t.outline.fieldsOf(name)}
      className="outline-fields"
      // One undo step per field visit, not per keystroke (as in the card panel).
      onFocus={() => editor.markHistoryStoppingPoint('edit card field')}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onDone();
      }}
    >
      {refused && (
        <p role="alert" className="error">
          {t.card.rejected} {t.panels.invalidValue}
        </p>
      )}
      <fieldset className="card-fields">
        <CardForm shape={shape} editor={editor} participantId={participant.id} common={{ set, t, locale }} />
      </fieldset>
      {/* The card's thread, as in the card panel: read, add, edit, resolve without a pointer. */}
      {isCommentable(type) && <CardComments editor={editor} cardId={shapeId} locale={locale} author={participant} readOnly={readOnly} headingLevel={5} />}
      <button type="button" onClick={onDone}>
        {t.outline.done}
      </button>
    </div>
  );
}
