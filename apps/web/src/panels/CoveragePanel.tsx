import { useValue, type Editor } from 'tldraw';
import { consultationLabel, domainCoverage } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { messages } from '../i18n/messages.ts';

/** Which domains and organisations are on the board, consulted or not, and which are missing. */
export function CoveragePanel({ editor, locale }: { editor: Editor; locale: BoardLanguage }) {
  const coverage = useValue('coverage', () => domainCoverage(editor.store.allRecords(), { locale }), [editor, locale]);
  const t = messages[locale];
  return (
    <section className="coverage" aria-label={t.tabs.coverage}>
      <h3>{t.coverage.present}</h3>
      <ul>
        {coverage.present.map((entry) => (
          <li key={entry.id} data-coverage={entry.key}>
            <span className="name">{entry.label}</span>
            <span className="hint">
              {consultationLabel(entry.consultation, entry.consultedOn, locale)} · {t.opportunities(entry.linkedOpportunities)}
            </span>
          </li>
        ))}
      </ul>
      <h3>{t.coverage.missing}</h3>
      <ul>
        {coverage.missing.map((domain) => (
          <li key={domain.key} data-missing={domain.key}>
            {domain.label}
          </li>
        ))}
      </ul>
    </section>
  );
}
