import { useValue, type Editor } from 'tldraw';
import { consultationLabel, domainCoverage } from '@koppelbord/board-model';
import type { Awareness } from 'y-protocols/awareness';
import type { BoardLanguage } from '@koppelbord/contract';
import { messages } from '../i18n/messages.ts';
import { useParticipants } from './use-participants.ts';

/**
 * Which domains and organisations are on the board, consulted or not, and which are missing.
 * A domain someone at the board speaks for counts as at the table, card or not: their
 * presence is the consultation the method asks for, before anyone marks the card consulted.
 */
export function CoveragePanel({ editor, awareness, locale }: { editor: Editor; awareness: Awareness; locale: BoardLanguage }) {
  const coverage = useValue('coverage', () => domainCoverage(editor.store.allRecords(), { locale }), [editor, locale]);
  const participants = useParticipants(awareness);
  const t = messages[locale];
  const namesFor = (key: string) =>
    participants
      .filter((participant) => participant.speaksFor === key)
      .map((participant) => participant.name)
      .join(', ');
  const atTheTable = coverage.missing.filter((domain) => namesFor(domain.key));
  const missing = coverage.missing.filter((domain) => !namesFor(domain.key));
  return (
    <section className="coverage" aria-label={t.tabs.coverage}>
      <h3>{t.coverage.present}</h3>
      <ul>
        {coverage.present.map((entry) => (
          <li key={entry.id} data-coverage={entry.key}>
            <span className="name">{entry.label}</span>
            <span className="hint">
              {consultationLabel(entry.consultation, entry.consultedOn, locale)} · {t.opportunities(entry.linkedOpportunities)}
              {namesFor(entry.key) && ` · ${t.atTheTable.spokenFor(namesFor(entry.key))}`}
            </span>
          </li>
        ))}
      </ul>
      {atTheTable.length > 0 && (
        <>
          <h3>{t.atTheTable.heading}</h3>
          <ul>
            {atTheTable.map((domain) => (
              <li key={domain.key} data-at-the-table={domain.key}>
                <span className="name">{domain.label}</span>
                <span className="hint">{t.atTheTable.spokenFor(namesFor(domain.key))}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t.coverage.missing}</h3>
      <ul>
        {missing.map((domain) => (
          <li key={domain.key} data-missing={domain.key}>
            {domain.label}
          </li>
        ))}
      </ul>
    </section>
  );
}
