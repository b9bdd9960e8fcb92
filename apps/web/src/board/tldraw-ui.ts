/**
 * What Koppelbord changes in tldraw's own UI, as tldraw `overrides`: the words tldraw uses
 * for our shapes (its screen-reader announcement names a shape by the translation key
 * `tool.<type>`), and the menu entries for features the board has switched off.
 */
import type { TLUiOverrides } from 'tldraw';
import { cardKindLabels, koppelShapeTypes } from '@koppelbord/board-model';
import { boardLanguages, type BoardLanguage } from '@koppelbord/contract';

/** `tool.domain` → "Beleidsdomein", … in one language. */
function shapeNames(language: BoardLanguage): Record<string, string> {
  return Object.fromEntries(koppelShapeTypes.map((type) => [`tool.${type}`, cardKindLabels[type][language]]));
}

/** Actions whose feature the board does not offer: their menu entries and shortcuts go. */
const switchedOffActions: readonly string[] = [
  // Embeds are off (they load third-party sites): the entry would open an empty dialog.
  'insert-embed',
];

export const koppelUiOverrides: TLUiOverrides = {
  translations: Object.fromEntries(boardLanguages.map((language) => [language, shapeNames(language)])),
  actions(_editor, actions) {
    return Object.fromEntries(Object.entries(actions).filter(([id]) => !switchedOffActions.includes(id)));
  },
};
