import { describe, expect, it } from 'vitest';
import type { TLShape } from '@tldraw/tlschema';
import { findDomain } from '../src/catalogue.ts';
import { createBoardSchema } from '../src/schema.ts';
import { isScaffold, localizedTemplateText, starterTemplate, starterTemplateId } from '../src/template.ts';

const byType = (shapes: TLShape[], type: string) => shapes.filter((shape) => shape.type === type);

/** Plain text of a rich-text document (paragraphs joined by newlines). */
function plainText(richText: unknown): string {
  const doc = richText as { content?: { content?: { text?: string }[] }[] };
  return (doc.content ?? []).map((paragraph) => (paragraph.content ?? []).map((node) => node.text ?? '').join('')).join('\n');
}

const fontSizes = { s: 18, m: 24, l: 36, xl: 44 } as const;

/**
 * Page bounds. A text shape's height is measured by the browser, so this takes twice the
 * height of its lines at tldraw's line height (1.35): room for each line to wrap once.
 */
function bounds(shape: TLShape): { x: number; y: number; w: number; h: number } {
  if (shape.type === 'text') {
    const lines = plainText(shape.props.richText).split('\n').length;
    return { x: shape.x, y: shape.y, w: shape.props.w, h: 2 * lines * fontSizes[shape.props.size] * 1.35 };
  }
  const { w, h } = shape.props as { w: number; h: number };
  return { x: shape.x, y: shape.y, w, h };
}

const overlap = (a: ReturnType<typeof bounds>, b: ReturnType<typeof bounds>) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('starterTemplate', () => {
  const shapes = starterTemplate();

  it('holds 9 domain cards, 3 organisation cards, two headings, the area, the quadrant, a legend and the plans timeline', () => {
    expect(shapes).toHaveLength(18);
    expect(byType(shapes, 'timeline')).toHaveLength(1);
    expect(byType(shapes, 'domain')).toHaveLength(9);
    expect(byType(shapes, 'organisation')).toHaveLength(3);
    expect(byType(shapes, 'quadrant')).toHaveLength(1);
    expect(byType(shapes, 'geo')).toHaveLength(1);
    expect(byType(shapes, 'text')).toHaveLength(3);
    const texts = byType(shapes, 'text').map((shape) => (shape.type === 'text' ? plainText(shape.props.richText) : ''));
    expect(texts.slice(0, 2)).toEqual(['Beleidsdomeinen', 'Organisaties']);
    expect(texts[2]).toMatch(/^Legenda\n/);
    expect(texts[2]).toMatch(/rand.*beleidsdomein/);
    expect(texts[2]).toMatch(/pijl/);
    expect(texts[2]).toMatch(/hoger = meer baten.*rechts = meer risico/);
    expect(texts[2]).toMatch(/Register en Dekking/);
    const area = byType(shapes, 'geo')[0]!;
    expect(area.type === 'geo' && plainText(area.props.richText)).toMatch(/^Koppelkansen — zet hier nieuwe kansen neer/);
    expect(area.type === 'geo' && area.props).toMatchObject({ geo: 'rectangle', dash: 'dashed' });
  });

  it('has the nine domains in order, catalogue keys with default props, and the three organisations', () => {
    const domainKeys = byType(shapes, 'domain').map((shape) => (shape.type === 'domain' ? shape.props.domain : ''));
    expect(domainKeys).toEqual(['care', 'welfare', 'education', 'work-income', 'safety', 'public-space', 'sewerage-water', 'housing', 'energy-transition']);
    for (const key of domainKeys) expect(findDomain(key)).toBeDefined();
    expect(byType(shapes, 'domain')[0]).toMatchObject({ props: { w: 220, h: 130, contact: '', consultation: 'not-yet', consultedOn: '' } });
    expect(byType(shapes, 'organisation').map((shape) => shape.props)).toEqual([
      expect.objectContaining({ kind: 'housing-corporation', name: 'Woningcorporatie' }),
      expect.objectContaining({ kind: 'welfare-organisation', name: 'Welzijnsorganisatie' }),
      expect.objectContaining({ kind: 'school', name: 'School' }),
    ]);
    // The columns run top to bottom.
    const ys = byType(shapes, 'domain').map((shape) => shape.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
  });

  it('every record is a complete shape that passes the board schema', () => {
    const schema = createBoardSchema();
    for (const shape of shapes) {
      expect(() => schema.types.shape.validate(shape)).not.toThrow();
      expect(shape).toMatchObject({ typeName: 'shape', parentId: 'page:page', rotation: 0, opacity: 1 });
    }
    // The check is real: a card with an invalid prop is refused.
    const card = byType(shapes, 'domain')[0]!;
    expect(() => schema.types.shape.validate({ ...card, props: { ...card.props, consultation: 'maybe' } })).toThrow();
    for (const locale of ['nl', 'en'] as const) {
      for (const shape of starterTemplate({ locale, origin: { x: -5000, y: 12.5 } })) expect(() => schema.types.shape.validate(shape)).not.toThrow();
    }
  });

  it('marks every shape as the template, locks the scaffold but not the cards, and pins the quadrant', () => {
    for (const shape of shapes) {
      expect(shape.meta.template).toBe(starterTemplateId);
      const card = shape.type === 'domain' || shape.type === 'organisation';
      expect(isScaffold(shape)).toBe(!card);
      if (card) expect(shape.isLocked).toBe(false);
      else if (shape.type === 'quadrant' || shape.type === 'timeline') expect(shape).toMatchObject({ isLocked: false, meta: { scaffold: true, pinned: true } });
      else expect(shape.isLocked).toBe(true);
    }
    expect(isScaffold({ meta: {} })).toBe(false);
    expect(isScaffold({ meta: null })).toBe(false);
    expect(isScaffold({ meta: { scaffold: 'yes' } })).toBe(false);
  });

  it('lays the shapes out without overlaps, left to right', () => {
    for (const [i, a] of shapes.entries()) {
      for (const b of shapes.slice(i + 1)) expect(overlap(bounds(a), bounds(b)), `${a.id} overlaps ${b.id}`).toBe(false);
    }
    const left = (type: string) => Math.min(...byType(shapes, type).map((shape) => shape.x));
    expect(left('domain')).toBeLessThan(left('organisation'));
    expect(left('organisation')).toBeLessThan(left('geo'));
    expect(left('geo')).toBeLessThan(left('quadrant'));
    const legend = byType(shapes, 'text').at(-1)!;
    expect(left('quadrant')).toBeLessThan(legend.x);
  });

  it('leaves room for about twelve opportunity cards of 240 × 150 in the area', () => {
    const area = byType(shapes, 'geo')[0]!;
    const { w, h } = area.props as { w: number; h: number };
    expect(Math.floor(w / 240) * Math.floor((h - 60) / 150)).toBeGreaterThanOrEqual(12);
  });

  it('offsets everything by the origin and puts it on the given page', () => {
    const moved = starterTemplate({ origin: { x: 1000, y: -250 }, pageId: 'page:other' });
    expect(moved.map((shape) => [shape.id, shape.x - 1000, shape.y + 250])).toEqual(shapes.map((shape) => [shape.id, shape.x, shape.y]));
    expect(moved.every((shape) => shape.parentId === 'page:other')).toBe(true);
  });

  it('has fixed ids by default and uses createId for every id when given one', () => {
    expect(starterTemplate()).toEqual(shapes);
    expect(shapes.map((shape) => shape.id)).toContain('shape:template-domain-care');
    expect(new Set(shapes.map((shape) => shape.id)).size).toBe(shapes.length);
    let n = 0;
    const ids = starterTemplate({ createId: () => `shape:custom-${++n}` }).map((shape) => shape.id);
    expect(ids).toEqual(shapes.map((_, i) => `shape:custom-${i + 1}`));
  });

  it('gives unique fractional indices in ascending order', () => {
    const indices = shapes.map((shape) => shape.index);
    expect(new Set(indices).size).toBe(indices.length);
    for (let i = 1; i < indices.length; i++) expect(indices[i - 1]! < indices[i]!).toBe(true);
  });

  it('speaks English when asked', () => {
    const en = starterTemplate({ locale: 'en' });
    const texts = byType(en, 'text').map((shape) => (shape.type === 'text' ? plainText(shape.props.richText) : ''));
    expect(texts.slice(0, 2)).toEqual(['Policy domains', 'Organisations']);
    expect(texts[2]).toMatch(/^Legend\n.*policy domain/s);
    expect(texts[2]).toMatch(/Register and Coverage tabs/);
    const area = byType(en, 'geo')[0]!;
    expect(area.type === 'geo' && plainText(area.props.richText)).toMatch(/^Coupling opportunities — put new opportunities here/);
    expect(byType(en, 'organisation').map((shape) => (shape.type === 'organisation' ? shape.props.name : ''))).toEqual(['Housing corporation', 'Welfare organisation', 'School']);
    expect(byType(en, 'quadrant')[0]?.props).toMatchObject({ title: 'Opportunities and risks' });
    // Same layout and ids in both languages.
    expect(en.map((shape) => [shape.id, shape.x, shape.y, shape.index])).toEqual(shapes.map((shape) => [shape.id, shape.x, shape.y, shape.index]));
  });
});

describe('scaffolding texts in the reader’s language', () => {
  it('a template text still at its default reads in the asked language, either way; a changed one stays as typed', () => {
    const texts = (locale: 'nl' | 'en') => starterTemplate({ locale }).flatMap((shape) => (shape.type === 'text' || shape.type === 'geo' ? [plainText(shape.props.richText)] : shape.type === 'quadrant' ? [(shape.props as { title: string }).title] : []));
    const dutch = texts('nl');
    const english = texts('en');
    expect(dutch).toHaveLength(5);
    expect(dutch.map((text) => localizedTemplateText(text, 'en'))).toEqual(english);
    expect(english.map((text) => localizedTemplateText(text, 'nl'))).toEqual(dutch);
    expect(localizedTemplateText('Kansen en risico’s', 'en')).toBe('Opportunities and risks');
    expect(localizedTemplateText('Kansen en risico’s in Zuidwest', 'en')).toBe('Kansen en risico’s in Zuidwest');
  });
});
