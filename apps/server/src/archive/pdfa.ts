import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The sRGB profile pdfkit ships (its own PDF/A support uses it): the output intent's colour space. */
function srgbProfilePath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('pdfkit')), 'data', 'sRGB_IEC61966_2_1.icc');
}

/**
 * PostScript run before the PDF: the PDF/A output intent (sRGB), which Ghostscript does not
 * add by itself and without which a PDF/A with RGB colour is not valid. The ICC file is
 * read from the job's own directory, the only path -dSAFER lets it read.
 */
function outputIntentPostScript(iccPath: string): string {
  const path = iccPath.replaceAll('\\', '\\\\').replaceAll('(', '\\(').replaceAll(')', '\\)');
  return [
    '%!',
    `/KoppelbordICC (${path}) def`,
    '[/_objdef {kb_icc} /type /stream /OBJ pdfmark',
    '[{kb_icc} << /N 3 >> /PUT pdfmark',
    '[{kb_icc} KoppelbordICC (r) file /PUT pdfmark',
    '[/_objdef {kb_intent} /type /dict /OBJ pdfmark',
    '[{kb_intent} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {kb_icc} /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) >> /PUT pdfmark',
    '[{Catalog} << /OutputIntents [ {kb_intent} ] >> /PUT pdfmark',
    '',
  ].join('\n');
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 }, (error) => (error ? reject(error) : resolve()));
  });
}

/** A UUID from a digest (the XMP document and instance ids; Ghostscript adds the `uuid:` prefix), so the same input gives the same PDF. */
function digestUuid(digest: Buffer): string {
  const hex = digest.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A PDF string: hex (`<…>`) or literal (`(…)`, with backslash escapes), as Ghostscript writes either. */
const pdfString = String.raw`(?:<[0-9A-Fa-f\s]*>|\((?:[^\\()]|\\[\s\S])*\))`;
const trailerId = new RegExp(String.raw`/ID\s*\[\s*${pdfString}\s*${pdfString}\s*\]`, 'g');

/**
 * Ghostscript's trailer /ID comes from the clock and the output path; everything else is
 * fixed by SOURCE_DATE_EPOCH and the UUIDs. It writes the ID as a hex or a literal string
 * (whichever the random bytes make shorter), so its length varies. The ID is replaced by
 * the digest as hex; that is safe only in the trailer after the cross-reference table (no
 * offset points past it), so an ID anywhere else (an xref stream) is refused.
 */
export function fixTrailerId(pdf: Uint8Array, digest: Buffer): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  let last: RegExpExecArray | null = null;
  for (let found = trailerId.exec(text); found; found = trailerId.exec(text)) last = found;
  if (!last) return pdf;
  const xrefAt = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!xrefAt || Number(xrefAt[1]) > last.index || !text.startsWith('xref', Number(xrefAt[1]))) {
    throw new Error('the PDF ID is not in a trailer after a cross-reference table');
  }
  const id = digest.subarray(0, 16).toString('hex').toUpperCase();
  const fixed = `${text.slice(0, last.index)}/ID [<${id}><${id}>]${text.slice(last.index + last[0].length)}`;
  return new Uint8Array(Buffer.from(fixed, 'latin1'));
}

/** Whether the PDF's XMP says PDF/A-2 conformance B (Ghostscript writes attributes; others write elements). */
export function declaresPdfA2b(pdf: Uint8Array): boolean {
  const text = Buffer.from(pdf).toString('latin1');
  const part = /pdfaid:part(?:=['"]|>)\s*2\s*(?:['"]|<)/.test(text);
  const conformance = /pdfaid:conformance(?:=['"]|>)\s*B\s*(?:['"]|<)/i.test(text);
  return part && conformance;
}

export type PdfAResult = { ok: true; pdf: Uint8Array } | { ok: false; reason: string };

/**
 * Converts a PDF to PDF/A-2b with Ghostscript (`gs` on PATH), as a child process with a
 * timeout (killed when it runs over). Not ok when gs is missing, fails, runs over, or its
 * output does not declare PDF/A-2B; the caller then keeps the plain PDF and says so.
 */
export async function convertToPdfA2b(pdf: Uint8Array, frozenAt: Date, timeoutMs = 60_000): Promise<PdfAResult> {
  const digest = createHash('sha256').update(pdf).digest();
  const dir = await mkdtemp(join(tmpdir(), 'koppelbord-pdfa-'));
  try {
    const input = join(dir, 'in.pdf');
    const output = join(dir, 'out.pdf');
    const icc = join(dir, 'srgb.icc');
    const definitions = join(dir, 'pdfa.ps');
    await writeFile(input, pdf);
    await copyFile(srgbProfilePath(), icc);
    await writeFile(definitions, outputIntentPostScript(icc));
    await run(
      'gs',
      [
        '-q',
        '-dPDFA=2',
        '-dBATCH',
        '-dNOPAUSE',
        '-dSAFER',
        `--permit-file-read=${dir}/`,
        '-sColorConversionStrategy=RGB',
        '-sDEVICE=pdfwrite',
        '-dPDFACompatibilityPolicy=1',
        `-sDocumentUUID=${digestUuid(digest)}`,
        `-sInstanceUUID=${digestUuid(digest)}`,
        `-sOutputFile=${output}`,
        definitions,
        input,
      ],
      // The creation and modification dates: the freeze moment, not the clock.
      { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(frozenAt.getTime() / 1000)) },
      timeoutMs,
    );
    const result = fixTrailerId(new Uint8Array(await readFile(output)), digest);
    if (!declaresPdfA2b(result)) return { ok: false, reason: 'Ghostscript output does not declare PDF/A-2B' };
    return { ok: true, pdf: result };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { killed?: boolean };
    if (failure.code === 'ENOENT' && failure.syscall?.startsWith('spawn')) return { ok: false, reason: 'gs not found' };
    if (failure.killed) return { ok: false, reason: `gs ran longer than ${timeoutMs} ms` };
    return { ok: false, reason: failure.message ?? String(error) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
