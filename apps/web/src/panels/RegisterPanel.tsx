import { useState } from 'react';
import { useValue, type Editor, type TLShapeId } from 'tldraw';
import {
  cardKindLabels,
  firstSortDirection,
  isoToday,
  opportunityRegister,
  registerColumnLabels,
  registerReport,
  registerToCsv,
  sortRegister,
  type LocalizedText,
  type RegisterRow,
  type RegisterSortKey,
  type SortDirection,
  cardTitle,
  couplingMomentText,
  linkedPlanText,
} from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { messages } from '../i18n/messages.ts';
import { PlansRegister } from './PlansRegister.tsx';
import { thisYear } from '../editor/plan-placement.ts';

/** The panel's columns are the register's, except that it names the opportunity column after the cards it lists. */
const headings: Record<RegisterSortKey, LocalizedText> = {
  title: cardKindLabels.opportunity,
  quadrant: registerColumnLabels.quadrant,
  status: registerColumnLabels.status,
  votes: registerColumnLabels.votes,
};
const columns: readonly RegisterSortKey[] = ['title', 'quadrant', 'status', 'votes'];

/** Offers text as a file download (a blob: URL on our own page; nothing leaves the browser). */
function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface RegisterPanelProps {
  editor: Editor;
  locale: BoardLanguage;
  boardTitle: string;
  /** For the Markdown report's heading; empty when the board has none. */
  municipality?: string;
  neighbourhood?: string;
}

/**
 * The live opportunity register: sortable (a second click on a column reverses it); a row
 * zooms to its card and lists what the card says (domains, benefits, risks, timing) under
 * its title, so the table stays as narrow as the side panel; CSV and a Markdown report.
 */
export function RegisterPanel({ editor, locale, boardTitle, municipality = '', neighbourhood = '' }: RegisterPanelProps) {
  const t = messages[locale];
  const rows = useValue('register', () => opportunityRegister(editor.store.allRecords(), { locale, thisYear: thisYear() }), [editor, locale]);
  const [sort, setSort] = useState<{ key: RegisterSortKey; direction: SortDirection }>({ key: 'title', direction: 'ascending' });
  const sorted = sortRegister(rows, sort.key, sort.direction, locale);
  const fileName = `${boardTitle.replace(/[^\p{L}\p{N}-]+/gu, '-')}-register`;

  const sortBy = (key: RegisterSortKey) =>
    setSort((current) => (current.key === key ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: firstSortDirection(key) }));
  const zoomTo = (id: string) => {
    editor.select(id as TLShapeId);
    editor.zoomToSelection({ animation: { duration: 200 } });
  };
  const report = () => registerReport(editor.store.allRecords(), { title: boardTitle, municipality, neighbourhood, date: isoToday() }, locale);

  return (
    <section className="register" aria-label={t.tabs.register}>
      <div className="row">
        <button type="button" onClick={() => download(`${fileName}.csv`, 'text/csv;charset=utf-8', registerToCsv(rows, locale))}>
          CSV
        </button>
        <button type="button" className="secondary" onClick={() => download(`${fileName}.md`, 'text/markdown;charset=utf-8', report())}>
          Markdown
        </button>
      </div>
      <table>
        <thead>
          <tr>
            {columns.map((key) => (
              <th key={key} className={`register-${key}`} aria-sort={sort.key === key ? sort.direction : 'none'}>
                <button type="button" className="link-button" title={t.panels.sortBy(headings[key][locale])} onClick={() => sortBy(key)}>
                  {headings[key][locale]}
                  {sort.key === key && <span aria-hidden="true">{sort.direction === 'ascending' ? ' ▲' : ' ▼'}</span>}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.id} data-opportunity={row.id}>
              <td>
                <button type="button" className="link-button" onClick={() => zoomTo(row.id)}>
                  {cardTitle('opportunity', row.title, locale)}
                </button>
                <RowDetails row={row} locale={locale} />
              </td>
              <td>{row.quadrant?.label ?? '—'}</td>
              <td>{row.statusLabel}</td>
              <td>{row.votes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PlansRegister editor={editor} locale={locale} fileName={fileName} download={download} />
    </section>
  );
}

/** What the card says beyond its title, each under the term the card panel and the exports use. */
function RowDetails({ row, locale }: { row: RegisterRow; locale: BoardLanguage }) {
  const details: [keyof typeof registerColumnLabels, string[]][] = [
    ['domains', [row.domains.map((domain) => domain.label).join(', ')]],
    ['benefits', row.benefits],
    ['risks', row.risks.map((risk) => risk.risk)],
    ['timing', [row.timingLabel]],
    ['plans', row.plans.map(linkedPlanText)],
    ['planMoments', row.planMoments.map(couplingMomentText)],
  ];
  const shown = details.map(([key, values]) => [key, values.filter((value) => value.trim() !== '')] as const).filter(([, values]) => values.length > 0);
  if (shown.length === 0) return null;
  return (
    <dl className="register-details">
      {shown.map(([key, values]) => (
        <div key={key} data-detail={key}>
          <dt>{registerColumnLabels[key][locale]}</dt>
          <dd>{values.join('; ')}</dd>
        </div>
      ))}
    </dl>
  );
}
