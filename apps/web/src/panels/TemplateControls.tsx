import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useValue, type Editor } from 'tldraw';
import type { BoardLanguage } from '@koppelbord/contract';
import { insertStarterTemplate } from '../editor/add-cards.ts';
import { scaffoldState, setScaffoldLocked } from '../editor/scaffold.ts';
import { messages } from '../i18n/messages.ts';
import { useModalDialog } from './modal-dialog.ts';

/**
 * The toolbar's template buttons: insert the starter template (asking first when the page
 * has one already), and lock or unlock its scaffolding. The lock button says what a click
 * will do; the text beside it says how the template is now. Only the owner gets the lock
 * button (`canLock`): the server puts an editor's change to locked scaffolding back anyway.
 */
export function TemplateControls({ editor, locale, canLock }: { editor: Editor; locale: BoardLanguage; canLock: boolean }) {
  const t = messages[locale];
  const scaffold = useValue('scaffold state', () => scaffoldState(editor), [editor]);
  const [asking, setAsking] = useState(false);
  const locked = scaffold === 'locked';
  const insert = () => insertStarterTemplate(editor, locale);

  return (
    <>
      <button type="button" className="secondary" title={t.toolbar.templateHint} onClick={() => (scaffold === 'none' ? insert() : setAsking(true))}>
        {t.toolbar.template}
      </button>
      {scaffold !== 'none' && (
        <>
          {canLock && (
            <button type="button" className="secondary" onClick={() => setScaffoldLocked(editor, !locked)}>
              {locked ? t.templateLock.unlock : t.templateLock.lock}
            </button>
          )}
          <span role="status" className="hint" data-scaffold-state={scaffold}>
            {locked ? t.templateLock.isLocked : t.templateLock.isUnlocked}
          </span>
        </>
      )}
      {asking && (
        <SecondTemplateDialog
          locale={locale}
          onInsert={() => {
            setAsking(false);
            insert();
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </>
  );
}

function SecondTemplateDialog({ locale, onInsert, onClose }: { locale: BoardLanguage; onInsert(): void; onClose(): void }) {
  const t = messages[locale].secondTemplate;
  const dialog = useRef<HTMLDivElement>(null);
  useModalDialog(dialog, onClose);
  // In a portal: not one of the toolbar's buttons for its arrow keys.
  return createPortal(
    <div className="dialog-backdrop" onClick={onClose}>
      <div ref={dialog} className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="second-template-title" aria-describedby="second-template-text" onClick={(event) => event.stopPropagation()}>
        <h2 id="second-template-title">{t.title}</h2>
        <p id="second-template-text">{t.text}</p>
        <div className="row">
          <button type="button" className="secondary" onClick={onClose}>
            {messages[locale].deleteConfirm.cancel}
          </button>
          <button type="button" onClick={onInsert}>
            {t.insert}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
