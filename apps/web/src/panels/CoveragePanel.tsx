import { useValue, type Editor } from 'tldraw';
import { domainCoverage } from '@koppelbord/board-model';
import { consultationLabel } from '../shapes/consultation.ts';
import type { Locale } from '../i18n/messages.ts';

const text = {
  nl: { present: 'Op het bord', missing: 'Nog niet aan tafel', opportunities: (n: number) => `${n} ${n === 1 ? 'koppelkans' : 'koppelkansen'}` },
  en: { present: 'On the board', missing: 'Not at the table yet', opportunities: (n: number) => `${n} ${n === 1 ? 'opportunity' : 'opportunities'}` },
} as const;

/** Which domains and organisations are on the board, consulted or not, and which are missing. */
export function CoveragePanel({ editor, locale }: { editor: Editor; locale: Locale }) {
  const coverage = useValue('coverage', () => domainCoverage(editor.store.allRecords(), { locale }), [editor, locale]);
  const t = text[locale];
  return (
    <section className="coverage" aria-label={locale === 'nl' ? 'Dekking' : 'Coverage'}>
      <h3>{t.present}</h3>
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
      <h3>{t.missing}</h3>
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
