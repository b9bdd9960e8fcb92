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

  it('overwrites the last trailer ID in place', () => {
    const pdf = bytes('trailer << /ID [<00112233445566778899AABBCCDDEEFF><00112233445566778899AABBCCDDEEFF>] >>');
    const fixed = fixTrailerId(pdf, Buffer.alloc(32, 0xab));
    expect(fixed.byteLength).toBe(pdf.byteLength);
    expect(new TextDecoder().decode(fixed)).toContain(`/ID [<${'AB'.repeat(16)}><${'AB'.repeat(16)}>]`);
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
    // One after the other, as the package worker converts (one build at a time): two
    // Ghostscripts at once on a loaded machine have given different bytes (CI, once).
    const a = await convertToPdfA2b(pdf, frozenAt);
    const b = await convertToPdfA2b(pdf, frozenAt);
    if (!a.ok || !b.ok) throw new Error('conversion failed');
    expect(declaresPdfA2b(a.pdf)).toBe(true);
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
  });
});
