/**
 * BagIt 1.0 (RFC 8493) tag files. Manifest lines are `<hex>␠␠<path>` (two spaces): valid
 * BagIt, and the form every GNU coreutils `sha256sum -c` accepts. Our names never contain
 * spaces, CR or LF (names.ts), so no path needs percent-encoding.
 */
import { sha256Hex } from './hash.ts';

/** Exactly the two lines RFC 8493 §2.1.1 prescribes. */
export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

export const TAG_FILES = { bagit: 'bagit.txt', bagInfo: 'bag-info.txt', manifest: 'manifest-sha256.txt', tagManifest: 'tagmanifest-sha256.txt' } as const;

export interface BagEntry {
  path: string;
  data: Uint8Array;
}

export function manifest(entries: readonly BagEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((entry) => `${sha256Hex(entry.data)}  ${entry.path}\n`)
    .join('');
}

/** `<octets>.<file count>` of the payload. */
export function payloadOxum(payload: readonly BagEntry[]): string {
  return `${payload.reduce((sum, entry) => sum + entry.data.byteLength, 0)}.${payload.length}`;
}

export interface BagInfo {
  sourceOrganization: string | null;
  contactName: string | null;
  contactEmail: string | null;
  externalDescription: string;
  externalIdentifier: string;
  /** YYYY-MM-DD. */
  baggingDate: string;
  payloadOxum: string;
}

/** A tag value on one line (RFC 8493 allows folding, but one line is what every reader gets right). */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001F\u007F]+/g, ' ').trim();
}

export function bagInfo(info: BagInfo): string {
  const lines: [string, string | null][] = [
    ['Source-Organization', info.sourceOrganization],
    ['Contact-Name', info.contactName],
    ['Contact-Email', info.contactEmail],
    ['External-Description', info.externalDescription],
    ['External-Identifier', info.externalIdentifier],
    ['Bagging-Date', info.baggingDate],
    ['Bag-Software-Agent', 'Koppelbord'],
    ['Payload-Oxum', info.payloadOxum],
  ];
  return lines
    .filter((line): line is [string, string] => line[1] !== null && oneLine(line[1]) !== '')
    .map(([label, value]) => `${label}: ${oneLine(value)}\n`)
    .join('');
}

/** Parses `<hex> <path>` lines (one or more spaces or tabs; a leading `*` of binary mode is allowed). */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(line);
    if (match) out.set(match[2]!, match[1]!.toLowerCase());
  }
  return out;
}

export function parseBagInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return out;
}
