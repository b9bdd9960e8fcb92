import { cardKindLabels, defaultOpportunityProps, defaultOrganisationProps } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { messages } from '../i18n/messages.ts';

/**
 * A new card stores no text of its own (an empty title or name), so nothing in the board is in
 * the language of whoever made it; the card is drawn with a stand-in in the reader's language.
 * Cards made before this stored the model's Dutch default, which is read as untitled too.
 */
const untitledStored: Record<'opportunity' | 'organisation', readonly string[]> = {
  opportunity: ['', defaultOpportunityProps().title],
  organisation: ['', defaultOrganisationProps().name],
};

/** What a card's title (an opportunity's title, an organisation's name) shows to a reader in `locale`. */
export function shownCardTitle(kind: 'opportunity' | 'organisation', stored: string, locale: BoardLanguage): string {
  if (!untitledStored[kind].includes(stored)) return stored;
  return kind === 'opportunity' ? messages[locale].panels.untitled.opportunity : cardKindLabels.organisation[locale];
}
