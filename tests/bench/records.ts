/**
 * Shape-sized records for the cold-join scenario: valid tldraw 5 geo shape records (~10
 * top-level fields, ~500 bytes as JSON; the server validates every record written into a
 * board), stored the way the board binding (@koppelbord/tldraw-yjs) keeps them: a Y.Map of
 * fields per record, props and meta nested. Deterministic, so every run stores the same bytes.
 */

/** tldraw's rich text (a TipTap document) holding one paragraph. */
interface RichText {
  type: 'doc';
  content: { type: 'paragraph'; content: { type: 'text'; text: string }[] }[];
}
const richText = (text: string): RichText => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

export interface ShapeRecord {
  id: string;
  typeName: 'shape';
  type: 'geo';
  parentId: string;
  index: string;
  x: number;
  y: number;
  rotation: number;
  isLocked: boolean;
  opacity: number;
  props: {
    geo: string;
    w: number;
    h: number;
    color: string;
    fill: string;
    dash: string;
    size: string;
    font: string;
    richText: RichText;
    align: string;
    verticalAlign: string;
    growY: number;
    url: string;
    scale: number;
    flipX: boolean;
    flipY: boolean;
    labelColor: string;
  };
  meta: Record<string, string>;
}

const colors = ['black', 'blue', 'green', 'grey', 'light-blue', 'light-green', 'light-red', 'orange', 'red', 'violet', 'yellow'];
const geos = ['rectangle', 'ellipse', 'triangle', 'diamond', 'cloud', 'star'];
const words = ['speeltuin', 'bankje', 'boom', 'fietsenrek', 'lantaarn', 'zebrapad', 'moestuin', 'bushalte', 'parkeren', 'water'];

export function shapeRecord(i: number): ShapeRecord {
  const word = (k: number) => words[(i * 7 + k * 3) % words.length]!;
  return {
    id: `shape:${i.toString(36).padStart(8, '0')}${'x'.repeat(13)}`,
    typeName: 'shape',
    type: 'geo',
    parentId: 'page:page',
    // A fractional index: "d" announces a four-digit integer part.
    index: `d${i.toString(36).padStart(4, '0')}`,
    x: (i % 100) * 137.5,
    y: Math.floor(i / 100) * 91.25,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    props: {
      geo: geos[i % geos.length]!,
      w: 120 + (i % 7) * 10,
      h: 80 + (i % 5) * 10,
      color: colors[i % colors.length]!,
      fill: i % 2 === 0 ? 'semi' : 'none',
      dash: 'draw',
      size: 'm',
      font: 'draw',
      richText: richText(`${word(1)} bij de ${word(2)} (${i})`),
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
    },
    meta: { author: `user-${i % 23}` },
  };
}
