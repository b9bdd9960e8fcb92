/**
 * What Koppelbord changes in tldraw's own UI, as tldraw `overrides`: the words tldraw uses
 * for our shapes (its screen-reader announcement names a shape by the translation key
 * `tool.<type>`), the menu entries for features the board has switched off, and a question
 * before a deletion that would empty the board for everyone; the editor options that keep
 * tldraw's people menu in step with our participant list; and the UI components we leave out.
 */
import type { TLComponents, TldrawOptions, TLUiActionItem, TLUiOverrides } from 'tldraw';
import { cardKindLabels, koppelShapeTypes } from '@koppelbord/board-model';
import { boardLanguages, type BoardLanguage } from '@koppelbord/contract';
import { deletionNeedsConfirmation, deletionSummary } from '../editor/deletion.ts';
import { languageOf } from '../i18n/language.ts';
import { ConfirmDeleteDialog } from '../panels/ConfirmDeleteDialog.tsx';
import { askBeforeBigCut } from './cut-confirmation.tsx';
import { SelectionStylePanel } from './SelectionStylePanel.tsx';

/** `tool.domain` → "Beleidsdomein", … in one language. */
function shapeNames(language: BoardLanguage): Record<string, string> {
  return Object.fromEntries(koppelShapeTypes.map((type) => [`tool.${type}`, cardKindLabels[type][language]]));
}

/** Actions whose feature the board does not offer: their menu entries and shortcuts go. */
const switchedOffActions: readonly string[] = [
  // Embeds are off (they load third-party sites): the entry would open an empty dialog.
  'insert-embed',
];

/**
 * The actions that delete the selection for everyone. Not cut: tldraw runs Ctrl+X as the
 * browser's own cut event, past any action, so a cut asks in the clipboard hook instead
 * (cut-confirmation.tsx, in `koppelEditorOptions`).
 */
const deletingActions: readonly string[] = ['delete'];

export const koppelUiOverrides: TLUiOverrides = {
  translations: Object.fromEntries(boardLanguages.map((language) => [language, shapeNames(language)])),
  actions(editor, actions, { addDialog }) {
    const kept = Object.fromEntries(Object.entries(actions).filter(([id]) => !switchedOffActions.includes(id)));
    /** `action`, asking first when what it deletes needs it. */
    const askingFirst = (action: TLUiActionItem): TLUiActionItem => ({
      ...action,
      onSelect(source) {
        const summary = deletionSummary(editor, editor.getSelectedShapeIds());
        if (!deletionNeedsConfirmation(summary)) return action.onSelect(source);
        addDialog({
          component: ({ onClose }) => (
            <ConfirmDeleteDialog summary={summary} locale={languageOf(editor.user.getLocale())} onConfirm={() => void action.onSelect(source)} onClose={onClose} />
          ),
        });
      },
    });
    // The Delete and Backspace keys, the menus and the context menu all run these.
    for (const id of deletingActions) {
      const action = kept[id];
      if (action) kept[id] = askingFirst(action);
    }
    return kept;
  },
};

/**
 * A cut asks as a deletion does (cut-confirmation.tsx).
 *
 * tldraw leaves collaborators out of its people menu (and hides their cursors) after a minute
 * without activity; our participant list shows everyone whose tab is open. Someone reading
 * along is still at the table, so tldraw keeps them too: the two lists agree.
 */
export const koppelEditorOptions: Partial<TldrawOptions> = {
  collaboratorInactiveTimeoutMs: Number.POSITIVE_INFINITY,
  onBeforeCopyToClipboard: askBeforeBigCut,
};

/**
 * A Koppelbord board is one page: the template, the register and the coverage are about it.
 * tldraw's page menu would only show the seeded page's name ("Pagina 1", in the board's
 * language whatever the reader's) and offer pages nothing on the board uses. The style panel
 * shows only for shapes it styles (SelectionStylePanel.tsx).
 */
export const koppelUiComponents: TLComponents = { PageMenu: null, StylePanel: SelectionStylePanel };
