import { useEffect, useRef, useState } from 'react';
import { useComputed, useValue, type Editor, type TLShape, type TLShapeId, type TLShapePartial } from 'tldraw';
import { cardKindLabels, textLimits } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { isCardType } from '../../editor/add-cards.ts';
import { cardFormRequests } from '../../editor/card-form-request.ts';
import { messages, type Messages } from '../../i18n/messages.ts';
import { DomainForm } from './DomainForm.tsx';
import { TextField } from './fields.tsx';
import { OpportunityForm } from './OpportunityForm.tsx';
import { OrganisationForm } from './OrganisationForm.tsx';

export interface CardPanelProps {
  editor: Editor;
  locale: BoardLanguage;
  participantId: string;
  readOnly: boolean;
}

/**
 * Every field of the selected Koppelkansen card as a labelled form control. Edits go through
 * `editor.updateShape`, so the shape validators decide (a refused value is reported here and
 * nothing is written) and the change syncs like any other.
 */
export function CardPanel({ editor, locale, participantId, readOnly }: CardPanelProps) {
  const t = messages[locale];
  // Re-rendered when the selection or the card's props change, not while it is dragged around.
  const selection = useValue(
    useComputed(
      'selected card',
      () => {
        const ids = editor.getSelectedShapeIds();
        return { count: ids.length, shape: ids.length === 1 && ids[0] ? editor.getShape(ids[0]) : undefined };
      },
      { isEqual: (a, b) => a.count === b.count && a.shape?.id === b.shape?.id && a.shape?.props === b.shape?.props },
      [editor],
    ),
  );
  const [rejection, setRejection] = useState<{ id: TLShapeId; message: string } | null>(null);
  const shape = selection.shape;

  // Asked to open a card's fields (new card, double-click, Enter): its first field takes the focus.
  const request = useValue(cardFormRequests(editor));
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!request || request.id !== shape?.id || readOnly) return;
    form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [request, shape?.id, readOnly]);

  if (!shape) return <p className="hint panel-note">{selection.count === 0 ? t.card.nothingSelected : t.card.several}</p>;
  if (!isCardType(shape.type)) return <p className="hint panel-note">{t.card.notACard}</p>;

  const set = (props: Record<string, unknown>) => {
    try {
      editor.updateShape({ id: shape.id, type: shape.type, props } as TLShapePartial);
      setRejection(null);
    } catch (error) {
      setRejection({ id: shape.id, message: error instanceof Error ? error.message : String(error) });
    }
  };
  const common = { set, t, locale };
  const heading = cardKindLabels[shape.type][locale];

  return (
    <form
      ref={form}
      className="card-panel"
      aria-label={heading}
      onSubmit={(event) => event.preventDefault()}
      // One undo step per field visit, not per keystroke.
      onFocus={() => editor.markHistoryStoppingPoint('edit card field')}
      // Escape hands the keyboard back to the board, with the card still selected.
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        // tldraw still counts itself focused (its state), so move the DOM focus ourselves.
        editor.getContainer().focus();
        editor.focus();
      }}
    >
      <h2>{heading}</h2>
      {readOnly && <p className="hint">{t.card.readOnly}</p>}
      {rejection?.id === shape.id && (
        <p role="alert" className="error">
          {t.card.rejected} {rejection.message}
        </p>
      )}
      {/* A disabled fieldset disables every control in it: viewers see the fields, read-only. */}
      <fieldset className="card-fields" disabled={readOnly} key={shape.id}>
        <CardForm shape={shape} editor={editor} participantId={participantId} common={common} />
      </fieldset>
    </form>
  );
}

function CardForm({ shape, editor, participantId, common }: { shape: TLShape; editor: Editor; participantId: string; common: { set(props: Record<string, unknown>): void; t: Messages; locale: BoardLanguage } }) {
  switch (shape.type) {
    case 'domain':
      return <DomainForm props={shape.props} {...common} />;
    case 'organisation':
      return <OrganisationForm props={shape.props} {...common} />;
    case 'opportunity':
      return <OpportunityForm props={shape.props} {...common} editor={editor} id={shape.id} participantId={participantId} />;
    case 'quadrant':
      return <TextField label={common.t.card.quadrantTitle} value={shape.props.title} max={textLimits.title} onChange={(title) => common.set({ title })} />;
    default:
      return null;
  }
}
