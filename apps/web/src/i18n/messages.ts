/** UI strings: Dutch by default, English on request. */
export const messages = {
  nl: {
    tagline: 'Breng samen de sociale koppelkansen van de wijk in kaart.',
    newBoard: 'Nieuw bord',
    title: 'Titel',
    municipality: 'Gemeente',
    neighbourhood: 'Wijk',
    optional: '(optioneel)',
    create: 'Bord maken',
    creating: 'Bezig…',
    created: 'Het bord is gemaakt.',
    editLink: 'Link voor deelnemers (bewerken)',
    viewLink: 'Link voor meekijkers (alleen lezen)',
    copy: 'Kopiëren',
    copied: 'Gekopieerd',
    open: 'Bord openen',
    boardComingSoon: 'Het tekenbord volgt in de volgende versie. Deze link blijft werken.',
    back: 'Terug naar de startpagina',
    language: 'English',
    errorPrefix: 'Het lukte niet:',
  },
  en: {
    tagline: 'Map the social coupling opportunities of the neighbourhood together.',
    newBoard: 'New board',
    title: 'Title',
    municipality: 'Municipality',
    neighbourhood: 'Neighbourhood',
    optional: '(optional)',
    create: 'Create board',
    creating: 'Working…',
    created: 'The board was created.',
    editLink: 'Link for participants (edit)',
    viewLink: 'Link for observers (read-only)',
    copy: 'Copy',
    copied: 'Copied',
    open: 'Open board',
    boardComingSoon: 'The drawing board arrives in the next version. This link keeps working.',
    back: 'Back to the start page',
    language: 'Nederlands',
    errorPrefix: 'That did not work:',
  },
} as const;

export type Locale = keyof typeof messages;
export type Messages = (typeof messages)[Locale];

const storageKey = 'koppelbord.locale';

export function initialLocale(): Locale {
  return localStorage.getItem(storageKey) === 'en' ? 'en' : 'nl';
}

export function storeLocale(locale: Locale): void {
  localStorage.setItem(storageKey, locale);
}
