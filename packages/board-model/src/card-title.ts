import type { BoardLanguage } from '@koppelbord/contract';
import { cardKindLabels, untitledOpportunityLabel } from './labels.ts';
import { defaultOpportunityProps } from './shapes/opportunity.ts';
import { defaultOrganisationProps } from './shapes/organisation.ts';

/**
 * A new card stores no text of its own (an empty title or name), so nothing in the board is in
 * the language of whoever made it; it is shown with a stand-in in the reader's language. Cards
 * made before that stored the model's Dutch default, which reads as untitled too.
 */
const untitledStored: Record<'opportunity' | 'organisation', readonly string[]> = {
  opportunity: ['', defaultOpportunityProps().title],
  organisation: ['', defaultOrganisationProps().name],
};

/** What a card's title (an opportunity's title, an organisation's name) shows to a reader in `locale`: on the board, in the register, its exports and the archive. */
export function cardTitle(kind: 'opportunity' | 'organisation', stored: string, locale: BoardLanguage): string {
  if (!untitledStored[kind].includes(stored)) return stored;
  return kind === 'opportunity' ? untitledOpportunityLabel[locale] : cardKindLabels.organisation[locale];
}

/** Whether the stored title is the untitled one (the panel shows an empty field with a placeholder then). */
export const isUntitled = (kind: 'opportunity' | 'organisation', stored: string): boolean => untitledStored[kind].includes(stored);
