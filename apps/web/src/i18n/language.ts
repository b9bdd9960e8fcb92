/** Which of the contract's languages the client speaks, and the one this device chose. */
import { useEffect } from 'react';
import { boardLanguages, type BoardLanguage } from '@koppelbord/contract';

const storageKey = 'koppelbord.locale';

/** The language `value` names (a stored choice, tldraw's user locale), or Dutch, the default. */
export function languageOf(value: unknown): BoardLanguage {
  return boardLanguages.find((language) => language === value) ?? 'nl';
}

/** The language chosen on this device before; Dutch until one is. */
export function storedLanguage(): BoardLanguage {
  return languageOf(localStorage.getItem(storageKey));
}

export function storeLanguage(language: BoardLanguage): void {
  localStorage.setItem(storageKey, language);
}

/** The language the language switch offers next (the other one, with two). */
export function nextLanguage(language: BoardLanguage): BoardLanguage {
  return boardLanguages[(boardLanguages.indexOf(language) + 1) % boardLanguages.length] ?? language;
}

/**
 * Keeps `<html lang>` on the UI language (on load too, when the stored choice is not the
 * page's default), so screen readers pronounce the page in the language it is written in.
 */
export function useDocumentLanguage(language: BoardLanguage): void {
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
}
