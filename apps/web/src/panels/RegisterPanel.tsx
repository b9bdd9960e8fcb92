import { useState } from 'react';
import { useValue, type Editor, type TLShapeId } from 'tldraw';
import { cardKindLabels, opportunityRegister, registerColumnLabels, registerToCsv, registerToMarkdown, type LocalizedText, type RegisterRow } from '@koppelbord/board-model';
import type { BoardLanguage } from '@koppelbord/contract';
import { messages } from '../i18n/messages.ts';

type SortKey = 'title' | 'quadrant' | 'status' | 'votes';

/** The panel's columns are the register's, except that it names the opportunity column after the cards it lists. */
const headings: Record<SortKey | 'domains', LocalizedText> = {
  title: cardKindLabels.opportunity,
  domains: registerColumnLabels.domains,
  quadrant: registerColumnLabels.quadrant,
  status: registerColumnLabels.status,
  votes: registerColumnLabels.votes,
};

const sorters: Record<SortKey, (a: RegisterRow, b: RegisterRow) => number> = {
  title: (a, b) => a.title.localeCompare(b.title),
  quadrant: (a, b) => (a.quadrant?.label ?? '~').localeCompare(b.quadrant?.label ?? '~'),
  status: (a, b) => a.statusLabel.localeCompare(b.statusLabel),
  votes: (a, b) => b.votes - a.votes,
};

/** Offers text as a file download (a blob: URL on our own page; nothing leaves the browser). */
function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The live opportunity register: sortable; a row zooms to its card; CSV and Markdown export. */
export function RegisterPanel({ editor, locale, boardTitle }: { editor: Editor; locale: BoardLanguage; boardTitle: string }) {
  const rows = useValue('register', () => opportunityRegister(editor.store.allRecords(), { locale }), [editor, locale]);
  const [sortKey, setSortKey] = useState<SortKey>('title');
  const sorted = [...rows].sort(sorters[sortKey]);
  const fileName = `${boardTitle.replace(/[^\p{L}\p{N}-]+/gu, '-')}-register`;

  const zoomTo = (id: string) => {
    editor.select(id as TLShapeId);
    editor.zoomToSelection({ animation: { duration: 200 } });
  };

  return (
    <section className="register" aria-label={messages[locale].tabs.register}>
      <div className="row">
        <button type="button" onClick={() => download(`${fileName}.csv`, 'text/csv;charset=utf-8', registerToCsv(rows, locale))}>
          CSV
        </button>
        <button type="button" className="secondary" onClick={() => download(`${fileName}.md`, 'text/markdown;charset=utf-8', registerToMarkdown(rows, locale))}>
          Markdown
        </button>
      </div>
      <table>
        <thead>
          <tr>
            {(['title', 'quadrant', 'status', 'votes'] as const).map((key) => (
              <th key={key} aria-sort={sortKey === key ? (key === 'votes' ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="link-button" onClick={() => setSortKey(key)}>
                  {headings[key][locale]}
                </button>
              </th>
            ))}
            <th>{headings.domains[locale]}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.id} data-opportunity={row.id}>
              <td>
                <button type="button" className="link-button" onClick={() => zoomTo(row.id)}>
                  {row.title}
                </button>
              </td>
              <td>{row.quadrant?.label ?? '—'}</td>
              <td>{row.statusLabel}</td>
              <td>{row.votes}</td>
              <td>{row.domains.map((domain) => domain.label).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
