import type PDFKitDocument from 'pdfkit';
import { lazyModule } from '../lazy-module.ts';
import type { ReportBlock, ReportDocument } from '@koppelbord/board-model';
import { sessionReportLabels } from '@koppelbord/board-model';
import type { RenderedPage } from './types.ts';

const pdfkit = lazyModule<typeof PDFKitDocument>('pdfkit');

/** The characters WinAnsi (the standard PDF fonts' encoding) has above Latin-1's printable range. */
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const lookalikes: Record<string, string> = { '−': '-', '‐': '-', '‑': '-', '→': '->', '←': '<-', '≈': '~', '≤': '<=', '≥': '>=', '\u00a0': ' ', '\u202f': ' ' };

/**
 * Text the standard Helvetica can show: Dutch and English need only Latin-1 and WinAnsi's
 * quotes and dashes; the rest becomes its look-alike or `?`. (Embedding a Unicode font
 * would tie the PDF to a font file on the server; Ghostscript embeds Helvetica's metric
 * twin when it makes the PDF/A.)
 */
export function winAnsiText(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (char === '\n' || char === '\t') out += char;
    else if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(char)) out += char;
    else out += lookalikes[char] ?? (code < 0x20 ? '' : '?');
  }
  return out;
}

/**
 * Text for the document information dictionary: ASCII only. pdfkit writes other text there
 * as UTF-16, which Ghostscript's PDF/A conversion (10.0) cannot carry into the XMP and then
 * drops the whole dictionary, title included.
 */
export function asciiText(text: string): string {
  return winAnsiText(text).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[‘’]/g, "'").replace(/[“”„]/g, '"').replace(/[–—]/g, '-').replace(/[^\x20-\x7e]/g, '?');
}

const fontSizes = { 1: 18, 2: 14, 3: 12, 4: 11 } as const;

function drawBlock(doc: PDFKit.PDFDocument, block: ReportBlock): void {
  switch (block.kind) {
    case 'heading':
      doc.moveDown(block.level <= 2 ? 0.8 : 0.4);
      doc.font('Helvetica-Bold').fontSize(fontSizes[block.level]).text(winAnsiText(block.text));
      doc.moveDown(0.2);
      break;
    case 'paragraph':
      doc.font('Helvetica').fontSize(10).text(winAnsiText(block.text));
      doc.moveDown(0.3);
      break;
    case 'list':
      doc.font('Helvetica').fontSize(10).list(block.items.map(winAnsiText), { bulletRadius: 1.5, textIndent: 10 });
      doc.moveDown(0.3);
      break;
    case 'fields':
      for (const field of block.fields) {
        doc.font('Helvetica-Bold').fontSize(10).text(`${winAnsiText(field.label)}: `, { continued: true });
        doc.font('Helvetica').text(winAnsiText(field.value));
      }
      doc.moveDown(0.3);
      break;
  }
}

/**
 * The session report as a PDF made with pdfkit (no browser): the same blocks as the HTML,
 * then each page's board image. Deterministic: the creation date is the freeze moment, and
 * pdfkit derives the file ID from the info dictionary, so the same report gives the same bytes.
 */
export function reportPdf(report: ReportDocument, pages: readonly RenderedPage[], frozenAt: Date): Promise<Uint8Array> {
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    pdfVersion: '1.7',
    lang: report.language,
    displayTitle: true,
    info: { Title: asciiText(report.title), Creator: 'Koppelbord', Producer: 'Koppelbord (pdfkit)', CreationDate: frozenAt, ModDate: frozenAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  for (const block of report.blocks) drawBlock(doc, block);
  pages.forEach((page, index) => {
    doc.addPage();
    doc.font('Helvetica-Bold').fontSize(14).text(winAnsiText(`${sessionReportLabels.boardImage[report.language]} — ${sessionReportLabels.page[report.language]} ${index + 1}: ${page.name}`));
    doc.moveDown(0.5);
    try {
      const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
      const height = doc.page.height - doc.y - doc.page.margins.bottom;
      doc.image(Buffer.from(page.png), { fit: [width, height] });
    } catch {
      // An image pdfkit cannot read is still in the package as its own file; the PDF says so.
      doc.font('Helvetica').fontSize(10).text(winAnsiText(sessionReportLabels.imageUnavailable[report.language]));
    }
  });
  doc.end();
  return done;
}
