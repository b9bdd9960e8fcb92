import { describe, expect, it } from 'vitest';
import { convertToPdfA2b, declaresPdfA2b, fixTrailerId } from '../../src/archive/pdfa.ts';
import { reportPdf } from '../../src/archive/report-pdf.ts';
import { hasTool } from './tools.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const frozenAt = new Date('2026-11-28T15:30:12Z');
const report = { language: 'nl' as const, title: 'Verslag', blocks: [{ kind: 'paragraph' as const, text: 'Warmtenet' }] };

describe('PDF/A', () => {
  it('reads the PDF/A-2B declaration in attribute and element form only for part 2, conformance B', () => {
    expect(declaresPdfA2b(bytes(`<rdf:Description pdfaid:part='2' pdfaid:conformance='B'/>`))).toBe(true);
    expect(declaresPdfA2b(bytes('<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>'))).toBe(true);
    expect(declaresPdfA2b(bytes(`<rdf:Description pdfaid:part='1' pdfaid:conformance='B'/>`))).toBe(false);
    expect(declaresPdfA2b(bytes(`<rdf:Description pdfaid:part='2' pdfaid:conformance='U'/>`))).toBe(false);
    expect(declaresPdfA2b(bytes('%PDF-1.7 no metadata'))).toBe(false);
  });

  it('replaces the trailer ID after the cross-reference table, in hex or literal form', () => {
    const id = `<${'AB'.repeat(16)}><${'AB'.repeat(16)}>`;
    const pdf = (trailerId: string) => bytes(`%PDF-1.7\nxref\n0 1\ntrailer\n<< /Size 1\n/ID [${trailerId}]\n>>\nstartxref\n9\n%%EOF\n`);
    const hex = pdf('<00112233445566778899AABBCCDDEEFF><00112233445566778899AABBCCDDEEFF>');
    // Ghostscript writes the clock-based ID as a literal string when that is shorter.
    const literal = pdf(String.raw`(Py=bq\375b*\205c\)Y\353a+\037)(Py=bq\375b*\205c\)Y\353a+\037)`);
    for (const input of [hex, literal]) {
      expect(new TextDecoder().decode(fixTrailerId(input, Buffer.alloc(32, 0xab)))).toBe(new TextDecoder().decode(pdf(id)));
    }
    const inXrefStream = bytes('%PDF-1.7\n1 0 obj << /Type /XRef /ID [<00><00>] >> stream\nendstream\nstartxref\n9\n%%EOF\n');
    expect(() => fixTrailerId(inXrefStream, Buffer.alloc(32, 0xab))).toThrow(/not in a trailer/);
  });

  it('makes the same plain PDF from the same report', async () => {
    const a = await reportPdf(report, [], frozenAt);
    const b = await reportPdf(report, [], frozenAt);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it.runIf(hasTool('gs'))('gives up on a Ghostscript run past its timeout', async () => {
    const result = await convertToPdfA2b(await reportPdf(report, [], frozenAt), frozenAt, 1);
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toMatch(/longer than 1 ms/);
  });

  it.runIf(hasTool('gs'))('converts reproducibly', async () => {
    const pdf = await reportPdf(report, [], frozenAt);
    // Ghostscript's own trailer ID is random and written as hex or as a literal string,
    // whichever is shorter (CI caught the literal form): eight runs meet both forms.
    const runs = [];
    for (let run = 0; run < 8; run++) runs.push(await convertToPdfA2b(pdf, frozenAt));
    const [first, ...rest] = runs.map((result) => {
      if (!result.ok) throw new Error(`conversion failed: ${result.reason}`);
      return Buffer.from(result.pdf);
    });
    expect(declaresPdfA2b(first!)).toBe(true);
    for (const other of rest) expect(other.equals(first!)).toBe(true);
  });
});
