import { useRef, type KeyboardEvent } from 'react';
import { useValue, type Editor } from 'tldraw';
import type { Locale } from '../i18n/messages.ts';
import { addCard, cardTypes, insertStarterTemplate } from '../board/add-cards.ts';
import { requestCardForm } from '../board/card-form-request.ts';
import { scaffoldState, setScaffoldLocked } from '../board/scaffold.ts';

const text = {
  nl: {
    toolbar: 'Kaarten toevoegen',
    add: { domain: '+ Beleidsdomein', organisation: '+ Organisatie', opportunity: '+ Koppelkans', quadrant: '+ Kwadrant' },
    template: 'Sjabloon invoegen',
    templateHint: 'Voegt het sjabloon Sociale koppelkansen verkennen toe: domeinen, organisaties, kansenvak, kwadrant en legenda.',
    lock: 'Sjabloon vastzetten',
  },
  en: {
    toolbar: 'Add cards',
    add: { domain: '+ Policy domain', organisation: '+ Organisation', opportunity: '+ Opportunity', quadrant: '+ Quadrant' },
    template: 'Insert template',
    templateHint: 'Adds the template Exploring social coupling opportunities: domains, organisations, opportunities area, quadrant and legend.',
    lock: 'Lock template',
  },
} as const;

/**
 * The template toolbar above the board: a button per Koppelkansen card, the starter template,
 * and the lock for template scaffolding. Arrow keys move between its buttons (ARIA toolbar).
 */
export function CardToolbar({ editor, locale, speaksFor }: { editor: Editor; locale: Locale; speaksFor: string }) {
  const t = text[locale];
  const scaffold = useValue('scaffold state', () => scaffoldState(editor), [editor]);
  const locked = scaffold === 'locked';
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
    <div ref={bar} role="toolbar" aria-label={t.toolbar} className="card-toolbar" onKeyDown={moveFocus}>
      {cardTypes.map((type) => (
        <button key={type} type="button" className="secondary" onClick={() => requestCardForm(editor, addCard(editor, type, speaksFor))}>
          {t.add[type]}
        </button>
      ))}
      <button type="button" className="secondary" title={t.templateHint} onClick={() => insertStarterTemplate(editor, locale)}>
        {t.template}
      </button>
      {scaffold !== 'none' && (
        <button type="button" className={locked ? undefined : 'secondary'} aria-pressed={locked} onClick={() => setScaffoldLocked(editor, !locked)}>
          {t.lock}
        </button>
      )}
    </div>
  );
}
