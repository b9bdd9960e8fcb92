import type { Editor } from 'tldraw';
import type { Locale } from '../i18n/messages.ts';

/**
 * Cards speak the language of whoever looks at them (and exports them): the participant's
 * locale is tldraw's user preference, so reading it here re-renders cards when it changes.
 */
export function shapeLocale(editor: Editor): Locale {
  return editor.user.getLocale() === 'en' ? 'en' : 'nl';
}

export const shapeText = {
  nl: {
    domain: 'Beleidsdomein',
    opportunity: 'Koppelkans',
    quadrant: 'Kwadrant',
    linkedTo: 'gekoppeld aan',
    opportunities: (n: number) => `${n} ${n === 1 ? 'koppelkans' : 'koppelkansen'}`,
    risk: 'Risico →',
    benefit: 'Baten →',
    votes: (n: number) => `${n} ${n === 1 ? 'stem' : 'stemmen'}`,
  },
  en: {
    domain: 'Policy domain',
    opportunity: 'Opportunity',
    quadrant: 'Quadrant',
    linkedTo: 'linked to',
    opportunities: (n: number) => `${n} ${n === 1 ? 'opportunity' : 'opportunities'}`,
    risk: 'Risk →',
    benefit: 'Benefit →',
    votes: (n: number) => `${n} ${n === 1 ? 'vote' : 'votes'}`,
  },
} as const;
