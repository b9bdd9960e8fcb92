import { useRef, type KeyboardEvent } from 'react';
import type { Editor } from 'tldraw';
import { cardKindLabels, koppelShapeTypes } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { addCard } from '../editor/add-cards.ts';
import { requestCardForm } from '../editor/card-form-request.ts';
import { messages } from '../i18n/messages.ts';
import { TemplateControls } from './TemplateControls.tsx';

/**
 * The template toolbar above the board: a button per Koppelkansen card, the starter template,
 * and the lock for template scaffolding. Arrow keys move between its buttons (ARIA toolbar).
 */
export function CardToolbar({ editor, locale, speaksFor, canLock }: { editor: Editor; locale: BoardLanguage; speaksFor: string; canLock: boolean }) {
  const t = messages[locale].toolbar;
  const bar = useRef<HTMLDivElement>(null);

  const moveFocus = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const buttons = [...(bar.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    event.preventDefault();
    buttons[(at + (event.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
  };

  return (
    <div ref={bar} role="toolbar" aria-label={t.label} className="card-toolbar" onKeyDown={moveFocus}>
      {koppelShapeTypes.map((type) => (
        <button key={type} type="button" className="secondary" onClick={() => requestCardForm(editor, addCard(editor, type, speaksFor))}>
          {`+ ${cardKindLabels[type][locale]}`}
        </button>
      ))}
      <TemplateControls editor={editor} locale={locale} canLock={canLock} />
    </div>
  );
}
