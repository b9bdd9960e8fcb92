import type { ReportBlock, ReportDocument } from '@koppelbord/board-model';
import { sessionReportLabels } from '@koppelbord/board-model';
import type { RenderedPage } from './types.ts';

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'fields':
      return `<dl>${b.fields.map((field) => `<dt>${escapeHtml(field.label)}</dt><dd>${escapeHtml(field.value)}</dd>`).join('')}</dl>`;
  }
}

/*
 * Plain, printable styles. The page allows nothing from outside (Content-Security-Policy),
 * so what an archive viewer shows is what is in the file.
 */
const style = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1b;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.1rem}h4{font-size:1rem;margin-bottom:.25rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.25rem 0 1rem}dt{font-weight:600}dd{margin:0;white-space:pre-wrap}
figure{margin:1rem 0}img{max-width:100%;height:auto;border:1px solid #ddd}figcaption{font-size:.9rem;color:#555}
`;

/**
 * The session report as one self-contained HTML5 file: the report's blocks, then the board
 * image of every page inline (PNG as a data URL). No scripts, no external references.
 */
export function reportHtml(report: ReportDocument, pages: readonly RenderedPage[]): string {
  const lang = report.language;
  const figures = pages.map(
    (page, index) =>
      `<figure><img alt="${escapeHtml(page.name)}" src="data:image/png;base64,${Buffer.from(page.png).toString('base64')}"><figcaption>${escapeHtml(
        `${sessionReportLabels.page[lang]} ${index + 1}: ${page.name}`,
      )}</figcaption></figure>`,
  );
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>${style.trim()}</style>`,
    '</head>',
    '<body>',
    ...report.blocks.map(block),
    `<h2>${escapeHtml(sessionReportLabels.boardImage[lang])}</h2>`,
    ...figures,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
