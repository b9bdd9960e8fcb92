import { useEffect, useRef, useState } from 'react';
import { useComputed, useValue, type Editor, type TLShape, type TLShapeId, type TLShapePartial } from 'tldraw';
import {
  cardKindLabels,
  domainShapeProps,
  opportunityShapeProps,
  organisationShapeProps,
  planShapeProps,
  quadrantShapeProps,
  timelineShapeProps,
  textLimits,
  type KoppelShapeType,
} from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { isCardType } from '../../editor/add-cards.ts';
import { cardFormRequests, consumeCardForm } from '../../editor/card-form-request.ts';
import { messages, type Messages } from '../../i18n/messages.ts';
import { DomainForm } from './DomainForm.tsx';
import { TextField } from './fields.tsx';
import { OpportunityForm } from './OpportunityForm.tsx';
import { OrganisationForm } from './OrganisationForm.tsx';
import { PlanForm } from './PlanForm.tsx';

/** The validator of each card prop, the very ones the store applies. */
const propValidators: Record<KoppelShapeType, Record<string, { validate(value: unknown): unknown }>> = {
  domain: domainShapeProps,
  organisation: organisationShapeProps,
  opportunity: opportunityShapeProps,
  plan: planShapeProps,
  quadrant: quadrantShapeProps,
  timeline: timelineShapeProps,
};

/**
 * Whether the store would take these props. Asked before writing because a value the store's
 * validator refuses does not just fail the write: tldraw replaces this participant's whole
 * board with its "Something went wrong" screen.
 */
function fitsTheModel(type: KoppelShapeType, props: Record<string, unknown>): boolean {
  return Object.entries(props).every(([key, value]) => {
    const validator = propValidators[type][key];
    if (!validator) return false;
    try {
      validator.validate(value);
      return true;
    } catch {
      return false;
    }
  });
}

export interface CardPanelProps {
  editor: Editor;
  locale: BoardLanguage;
  participantId: string;
  readOnly: boolean;
}

/**
 * Every field of the selected Koppelkansen card as a labelled form control. Edits go through
 * `editor.updateShape` and sync like any other; the shape validators decide, checked before
 * the write, so a refused value is reported here, nothing is written and the old value stays.
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
    // Once: selecting the card again later (Tab on the board) must not pull the focus here.
    consumeCardForm(editor, request);
  }, [editor, request, shape?.id, readOnly]);

  if (!shape) return <p className="hint panel-note">{selection.count === 0 ? t.card.nothingSelected : t.card.several}</p>;
  if (!isCardType(shape.type)) return <p className="hint panel-note">{t.card.notACard}</p>;

  const type = shape.type;
  const set = (props: Record<string, unknown>) => {
    if (!fitsTheModel(type, props)) {
      setRejection({ id: shape.id, message: t.panels.invalidValue });
      return;
    }
    try {
      editor.updateShape({ id: shape.id, type, props } as TLShapePartial);
      setRejection(null);
    } catch {
      // Not expected after the check above (a card deleted meanwhile, say); still never fatal.
      setRejection({ id: shape.id, message: t.panels.invalidValue });
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
      <h3>{heading}</h3>
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
      return <TextField label={common.t.card.quadrantTitle} value={shape.props.title} max={textLimits.title} limitReached={common.t.panels.limitReached} onChange={(title) => common.set({ title })} />;
    case 'plan':
      return <PlanForm props={shape.props} {...common} editor={editor} id={shape.id} />;
    case 'timeline':
      return <TextField label={common.t.plans.timelineTitle} value={shape.props.title} max={textLimits.title} limitReached={common.t.panels.limitReached} onChange={(title) => common.set({ title })} />;
    default:
      return null;
  }
}
