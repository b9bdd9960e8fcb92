import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { opportunityRegister, registerToCsv } from '@koppelbord/board-model';
import { buildArchivePackage, snapshotRecords, type BuiltPackage } from '../../src/archive/index.ts';
import { archiveInput } from './fixture.ts';
import { hasTool, run } from './tools.ts';

const decoder = new TextDecoder();

function fileOf(built: BuiltPackage, suffix: string): Uint8Array {
  const entry = Object.entries(unzipSync(built.zip)).find(([path]) => path.endsWith(suffix));
  if (!entry) throw new Error(`no file ending in ${suffix}`);
  return entry[1];
}

/** The PDF's text as pdftotext (poppler) reads it. */
function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'koppelbord-pdf-test-'));
  writeFileSync(join(dir, 'report.pdf'), pdf);
  return run('pdftotext', ['-enc', 'UTF-8', join(dir, 'report.pdf'), '-']);
}

describe('the session report', () => {
  let built: BuiltPackage;
  let html: string;
  beforeAll(async () => {
    built = await buildArchivePackage(archiveInput());
    html = decoder.decode(fileOf(built, '.html'));
  }, 60_000);

  it('is a self-contained HTML page: no external references, the board image inline', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="nl">');
    expect(html).not.toMatch(/(?:src|href)\s*=\s*(?!["']?data:)/i);
    expect(html).not.toMatch(/url\(|@import|<script|<link/i);
    expect(html).toContain('<img alt="Pagina 1" src="data:image/png;base64,');
  });

  it('has the title, facts, participants by domain without names, coverage, opportunities by class and the changes', () => {
    expect(html).toContain('<h1>Sessieverslag: Koppelkansen De Esch</h1>');
    for (const text of ['Amsterdam', 'De Esch', 'Sessie 2 — na afstemming met Welzijn', '28 november 2026']) expect(html).toContain(text);
    expect(html).toContain('<li>Welzijn &amp; wijkteams: Deelnemer (bewerken) × 2</li>');
    expect(html).not.toContain('Piet Jansen');
    expect(html).not.toContain('Anna de Vries');
    expect(html).toContain('Riolering &amp; water — Nog niet benaderd');
    expect(html).toContain('<h3>Niet op het bord (uit de catalogus) (13)</h3>');
    // Win-win first, then the conditional class, then the cards outside the quadrant.
    const order = ['Win-win — koppelen (1)', 'Warmtenet bij rioolvervanging', 'Kansrijk, mits… — beheersen (1)', 'Zonnedaken op de school &lt;&amp;&gt;', 'Niet in het kwadrant (1)', 'Buurtbus'];
    const positions = order.map((text) => html.indexOf(text));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('<dt>Risico’s</dt><dd>Planning loopt uiteen (beheersing: Gezamenlijke regie)</dd>');
    expect(html).toContain('<dt>Gekoppelde domeinen</dt><dd>Riolering &amp; water</dd>');
    expect(html).toContain('<dt>Status</dt><dd>Geparkeerd — Geen budget</dd>');
    expect(html).toContain('<li>Koppelkansen toegevoegd: Warmtenet bij rioolvervanging; Zonnedaken op de school &lt;&amp;&gt;</li>');
    expect(html).toContain('<li>Koppelkansen gewijzigd (titel, kwadrant of status): Buurtbus</li>');
  });

  it('lists names only when the owner chose to include them', async () => {
    const input = archiveInput();
    const withNames = await buildArchivePackage({ ...input, snapshot: { ...input.snapshot, includeNames: true } }, { pdfA: false });
    const text = decoder.decode(fileOf(withNames, '.html'));
    expect(text).toContain('Welzijn &amp; wijkteams: Karin Bos (Deelnemer (bewerken)), Piet Jansen (Deelnemer (bewerken))');
  });

  it("speaks the board's language", async () => {
    const input = archiveInput();
    const english = await buildArchivePackage({ ...input, board: { ...input.board, language: 'en' }, previous: null }, { pdfA: false });
    const text = decoder.decode(fileOf(english, '.html'));
    expect(text).toContain('<html lang="en">');
    expect(text).toContain('<h1>Session report: Koppelkansen De Esch</h1>');
    expect(text).toContain('Win-win — couple (1)');
    expect(text).toContain('This is the first snapshot of this board.');
  });

  it('has the same text in the PDF (pdftotext)', () => {
    const text = pdfText(fileOf(built, '.pdf'));
    for (const expected of ['Sessieverslag: Koppelkansen De Esch', 'Warmtenet bij rioolvervanging', 'Zonnedaken op de school <&>', 'Win-win — koppelen (1)', 'Welzijn & wijkteams: Deelnemer (bewerken) × 2']) {
      expect(text).toContain(expected);
    }
  });

  it.runIf(hasTool('gs'))('is PDF/A-2b when Ghostscript is present, and the metadata says so', () => {
    expect(built.pdf).toBe('PDF/A-2b');
    const pdf = Buffer.from(fileOf(built, '.pdf')).toString('latin1');
    expect(pdf).toMatch(/pdfaid:part=['"]2['"]/);
    expect(pdf).toMatch(/pdfaid:conformance=['"]B['"]/);
    expect(pdf).toContain('/OutputIntents');
    expect(decoder.decode(fileOf(built, '.pdf.bestand.MDTO.xml'))).toContain('<begripCode>fmt/477</begripCode>');
    expect(built.pakbon).toContain('als PDF/A-2b opgenomen');
  });

  it('keeps accented text in the PDF and a title in its document information', async () => {
    const input = archiveInput();
    const accented = await buildArchivePackage({ ...input, board: { ...input.board, title: 'Één wijk − Zuid' } });
    const pdf = fileOf(accented, '.pdf');
    expect(pdfText(pdf)).toContain('Sessieverslag: Één wijk - Zuid');
    const dir = mkdtempSync(join(tmpdir(), 'koppelbord-pdf-test-'));
    writeFileSync(join(dir, 'report.pdf'), pdf);
    expect(run('pdfinfo', [join(dir, 'report.pdf')])).toMatch(/^Title:\s+Sessieverslag: Een wijk - Zuid$/m);
  }, 60_000);

  it('is a plain PDF when Ghostscript is not on PATH, and the metadata says so', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    let plain: BuiltPackage;
    try {
      plain = await buildArchivePackage(archiveInput());
    } finally {
      process.env.PATH = path;
    }
    expect(plain.pdf).toBe('PDF');
    expect(decoder.decode(fileOf(plain, '.pdf.bestand.MDTO.xml'))).toContain('<begripCode>fmt/276</begripCode>');
    expect(decoder.decode(fileOf(plain, 'sessieverslag_20261128T153012Z.MDTO.xml'))).toContain('geen PDF/A');
    expect(Buffer.from(fileOf(plain, '.pdf')).toString('latin1')).not.toContain('pdfaid');
    expect(pdfText(fileOf(plain, '.pdf'))).toContain('Sessieverslag: Koppelkansen De Esch');
  }, 60_000);
});

describe('the register files', () => {
  it('holds the CSV exactly as the register panel exports it, and the rows as JSON', async () => {
    const input = archiveInput();
    const built = await buildArchivePackage(input, { pdfA: false });
    const rows = opportunityRegister(snapshotRecords(input.state).records, { locale: 'nl' });
    // Byte for byte, with the byte-order mark Dutch spreadsheets need.
    expect(Buffer.from(fileOf(built, '.csv')).equals(Buffer.from(registerToCsv(rows, 'nl')))).toBe(true);
    expect([...fileOf(built, '.csv').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const json = JSON.parse(decoder.decode(fileOf(built, 'koppelkansenregister_20261128T153012Z.json'))) as { opportunities: unknown[]; snapshot: { id: string } };
    expect(json.opportunities).toEqual(JSON.parse(JSON.stringify(rows)));
    expect(json.snapshot.id).toBe('snap_0001');
    const coverage = JSON.parse(decoder.decode(fileOf(built, '_dekking.json'))) as { coverage: { missing: unknown[] } };
    expect(coverage.coverage.missing.length).toBe(13);
  }, 60_000);
});
