/**
 * The file formats in a package, as MDTO's bestandsformaat wants them: a PRONOM id with its
 * name, from the PRONOM register (The National Archives, UK).
 */
export interface FileFormat {
  /** PRONOM format name. */
  label: string;
  /** PRONOM id (`fmt/13`). */
  code: string;
  /** Media type for the HTTP download of one file. */
  mimeType: string;
}

export const formats = {
  // Extensible Markup Language 1.0.
  xml: { label: 'Extensible Markup Language', code: 'fmt/101', mimeType: 'application/xml' },
  // JSON has one PRONOM entry; the .tldr is JSON too (tldraw's file format has no entry of its own).
  json: { label: 'JSON Data Interchange Format', code: 'fmt/817', mimeType: 'application/json' },
  tldr: { label: 'JSON Data Interchange Format', code: 'fmt/817', mimeType: 'application/vnd.tldraw+json' },
  csv: { label: 'Comma Separated Values', code: 'x-fmt/18', mimeType: 'text/csv' },
  png: { label: 'Portable Network Graphics', code: 'fmt/13', mimeType: 'image/png' },
  // SVG 1.1 (fmt/92), not 1.0 (fmt/91): tldraw writes a plain <svg xmlns=…> without a version
  // or DOCTYPE, which identification tools take for 1.1, the version browsers implement.
  svg: { label: 'Scalable Vector Graphics 1.1', code: 'fmt/92', mimeType: 'image/svg+xml' },
  // HTML5 (fmt/471): the report starts with <!DOCTYPE html>.
  html: { label: 'Hypertext Markup Language 5', code: 'fmt/471', mimeType: 'text/html' },
  pdfA2b: { label: 'Acrobat PDF/A - Portable Document Format 2b', code: 'fmt/477', mimeType: 'application/pdf' },
  // pdfkit writes PDF 1.7 when asked (see report-pdf.ts).
  pdf: { label: 'Acrobat PDF 1.7 - Portable Document Format', code: 'fmt/276', mimeType: 'application/pdf' },
} as const satisfies Record<string, FileFormat>;
