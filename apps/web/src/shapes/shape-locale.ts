import type { Editor } from 'tldraw';
import type { BoardLanguage } from '@koppelbord/contract';
import { languageOf } from '../i18n/language.ts';

/**
 * Cards speak the language of whoever looks at them (and exports them): the participant's
 * language is tldraw's user preference, so reading it here re-renders cards when it changes.
 */
export function shapeLocale(editor: Editor): BoardLanguage {
  return languageOf(editor.user.getLocale());
}
