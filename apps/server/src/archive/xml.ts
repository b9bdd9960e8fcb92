/**
 * A small XML writer for the MDTO sidecars and the pakbon: elements in the order given
 * (MDTO's elements are an xsd:sequence), text always escaped, two-space indentation, and
 * optional parts dropped when their value is absent.
 */

/** An element: name, then children (elements or text). `null`/`undefined`/`false` children are left out. */
export interface XmlElement {
  name: string;
  attributes?: Readonly<Record<string, string>>;
  children: XmlChild[];
}
export type XmlChild = XmlElement | string | number | null | undefined | false;

export function el(name: string, ...children: XmlChild[]): XmlElement {
  return { name, children };
}

export function elWith(name: string, attributes: Readonly<Record<string, string>>, ...children: XmlChild[]): XmlElement {
  return { name, attributes, children };
}

/**
 * Escapes text for element content and attribute values. Characters XML 1.0 forbids
 * (control characters a hostile client may have put in a title) are dropped, since no
 * escape makes them legal.
 */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function present(child: XmlChild): child is XmlElement | string | number {
  return child !== null && child !== undefined && child !== false;
}

function write(element: XmlElement, indent: string, out: string[]): void {
  const attributes = Object.entries(element.attributes ?? {})
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  const children = element.children.filter(present);
  if (children.length === 0) {
    out.push(`${indent}<${element.name}${attributes}/>`);
  } else if (children.every((child) => typeof child !== 'object')) {
    out.push(`${indent}<${element.name}${attributes}>${children.map((child) => escapeXml(String(child))).join('')}</${element.name}>`);
  } else {
    out.push(`${indent}<${element.name}${attributes}>`);
    for (const child of children) {
      if (typeof child === 'object') write(child, `${indent}  `, out);
      else out.push(`${indent}  ${escapeXml(String(child))}`);
    }
    out.push(`${indent}</${element.name}>`);
  }
}

/** The document with its XML declaration, UTF-8, LF line ends, ending in a newline. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, '', out);
  return `${out.join('\n')}\n`;
}
