/**
 * Checks on an SVG a browser uploaded as a board image: it must be a plain, self-contained
 * SVG document that cannot run anything or fetch anything when an archive viewer opens it.
 * The render page's SVGs (tldraw's export: shapes, `<style>` with fonts as data: URLs,
 * `<foreignObject>` for rich text) pass; scripts, event handlers, entity tricks and
 * references to anything outside the file do not.
 */

/** Elements no board image has, that would run code or load something. */
const forbiddenElements = /<\s*(script|iframe|object|embed|link|meta|base|frame|frameset|applet|portal|audio|video|source|track)\b/i;
/** `onload=`, `onclick =`, … in any element. */
const eventHandler = /<[^>]*\s(on[a-z]+)\s*=/i;
/** Values of attributes that point somewhere: same-file (`#id`) and data: URLs only. */
const referenceAttribute = /\s(?:xlink:)?(?:href|src|action|formaction|srcset|poster)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
/** CSS references: `url(…)` in style attributes, `<style>` and presentation attributes. */
const cssUrl = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*\)/gi;

const isLocalReference = (value: string) => {
  const trimmed = value.trim().toLowerCase();
  return trimmed.startsWith('#') || trimmed.startsWith('data:');
};

/**
 * Where references can hide: the markup of every tag (its attributes, entities decoded, so
 * `url(&quot;…&quot;)` is read as the URL it is) and the content of `<style>` elements. Text
 * content is left alone: a card's title may say "url(…)" or "javascript:" without doing anything.
 */
function referenceSites(body: string): string[] {
  const tags = [...body.matchAll(/<[^>]*>/g)].map((match) => decodeEntities(match[0]));
  const styles = [...body.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)].map((match) => match[1] ?? '');
  return [...tags, ...styles];
}

/** Why `svg` is refused, or `null` when it is acceptable. */
export function svgProblem(svg: string): string | null {
  const body = svg.trimStart().replace(/^<\?xml[^?]*\?>\s*/i, '');
  if (!/^<svg[\s>]/i.test(body) || !/<\/svg>\s*$/i.test(body)) return 'is not an <svg> document';
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) return 'has a DOCTYPE or entity declaration';
  const element = forbiddenElements.exec(body);
  if (element) return `contains a <${element[1]!.toLowerCase()}> element`;
  const handler = eventHandler.exec(body);
  if (handler) return `has an event handler attribute (${handler[1]!.toLowerCase()})`;
  for (const site of referenceSites(body)) {
    if (/javascript:|vbscript:/i.test(site)) return 'contains a script URL';
    if (/@import/i.test(site)) return 'imports a style sheet';
    for (const match of site.matchAll(referenceAttribute)) {
      const value = match[2] ?? match[3] ?? match[4] ?? '';
      if (!isLocalReference(value)) return 'refers to an external resource';
    }
    for (const match of site.matchAll(cssUrl)) {
      const value = match[1] ?? match[2] ?? match[3] ?? '';
      if (!isLocalReference(value)) return 'refers to an external resource in its styles';
    }
  }
  return null;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

/** Text content compared without any whitespace: SVG text does not wrap, so a card's title is written line by line. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The SVG's text (element content, entities decoded), without whitespace, for `showsText`. */
export function svgText(svg: string): string {
  return squeeze(decodeEntities(svg.replace(/<[^>]*>/g, ' ')));
}

/**
 * Whether `text` (from `svgText`) shows `title`: whole, or cut short with "…" as a card does
 * with a title longer than its two lines, after at least `minShown` characters of it.
 */
export function showsText(text: string, title: string, minShown = 12): boolean {
  const wanted = squeeze(title);
  if (wanted === '' || text.includes(wanted)) return true;
  const shown = Math.min(minShown, wanted.length - 1);
  if (shown < 1) return false;
  const head = wanted.slice(0, shown);
  for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
    let length = shown;
    while (length < wanted.length && text[at + length] === wanted[length]) length += 1;
    if (text[at + length] === '…') return true;
  }
  return false;
}
