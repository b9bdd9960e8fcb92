/**
 * A cut (Ctrl+X, or Cut in tldraw's menus) deletes the selection for everyone, as Delete does,
 * so it asks the same question first when it would take many cards or any scaffolding. tldraw
 * runs Ctrl+X as the browser's own `cut` event, past its actions, so the question is asked in
 * its `onBeforeCopyToClipboard` hook, which both ways of cutting pass through and which may
 * answer later: "yes" lets the cut go on (clipboard, then deletion), anything else cancels it.
 */
import { useEffect } from 'react';
import { useDialogs, useEditor, type Editor, type TldrawOptions } from 'tldraw';
import { deletionNeedsConfirmation, deletionSummary, type DeletionSummary } from '../editor/deletion.ts';
import { languageOf } from '../i18n/language.ts';
import { ConfirmDeleteDialog } from '../panels/ConfirmDeleteDialog.tsx';

type Ask = (summary: DeletionSummary) => Promise<boolean>;

/** How each mounted editor asks (its UI's dialogs); set by `<CutConfirmation>`. */
const askers = new WeakMap<Editor, Ask>();

export const askBeforeBigCut: NonNullable<TldrawOptions['onBeforeCopyToClipboard']> = async ({ editor, operation }) => {
  // A viewer's cut deletes nothing (the board is read-only to them): there is nothing to ask.
  if (operation !== 'cut' || editor.getIsReadonly()) return;
  const summary = deletionSummary(editor, editor.getSelectedShapeIds());
  if (!deletionNeedsConfirmation(summary)) return;
  const ask = askers.get(editor);
  // No UI to ask with: a big cut is not made unasked.
  const confirmed = ask ? await ask(summary) : false;
  return confirmed ? undefined : false;
};

/** Lets `askBeforeBigCut` open the confirmation in this editor's UI; render it inside `<Tldraw>`. */
export function CutConfirmation() {
  const editor = useEditor();
  const { addDialog } = useDialogs();
  useEffect(() => {
    askers.set(
      editor,
      (summary) =>
        new Promise<boolean>((resolve) => {
          let confirmed = false;
          addDialog({
            component: ({ onClose }) => (
              <ConfirmDeleteDialog
                summary={summary}
                locale={languageOf(editor.user.getLocale())}
                operation="cut"
                onConfirm={() => {
                  confirmed = true;
                }}
                onClose={onClose}
              />
            ),
            // Escape, the close button, Cancel and a click beside the dialog all end here.
            onClose: () => resolve(confirmed),
          });
        }),
    );
    return () => {
      askers.delete(editor);
    };
  }, [editor, addDialog]);
  return null;
}
