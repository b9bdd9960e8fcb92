/**
 * File and folder names in the package. The MDTO SIP rules: unique, at most 255 characters,
 * none of `< > : " / \ | ? * # &` and no space; we go further and keep to ASCII letters,
 * digits, `.`, `_` and `-`, so every archive system and shell takes them as they are (and the
 * BagIt manifests never need escaping). The human titles go inside the metadata.
 */

/** `2026-11-28T15:30:12.345Z` → `20261128T153012Z` (UTC, basic ISO 8601, to the second). */
export function compactStamp(moment: Date): string {
  return moment.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** `2026-11-28T15:30:12Z`: xsd:dateTime, UTC, whole seconds (checksumDatum, eventTijd). */
export function xsdDateTime(moment: Date): string {
  return moment.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2026-11-28`: xsd:date in UTC. */
export function xsdDate(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/**
 * Text as a name part: accents folded (`é` → `e`), anything else outside `[a-z0-9]` turned
 * into `-`, runs collapsed, at most `max` characters. Empty when nothing is left.
 */
export function slug(text: string, max = 40): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
}

/** An id (board, snapshot) as a name part: only `[A-Za-z0-9_-]`, at most 64 characters. */
export function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 64) || 'x';
}

const sipSafe = /^[A-Za-z0-9._-]{1,255}$/;

/** Throws when a name the builder made would break the rules above (a bug, never user input). */
export function assertSipSafe(path: string): void {
  for (const part of path.split('/')) {
    if (!sipSafe.test(part)) throw new Error(`archive: unsafe name in package: ${JSON.stringify(path)}`);
  }
}
