import { describe, expect, it } from 'vitest';
import { classifyOpportunity, classifyPoint, keepScoresOnResize } from '../src/classify.ts';
import type { OpportunityShape } from '../src/shapes/opportunity.ts';

const quadrant = { w: 800, h: 600 };

describe('classifyPoint', () => {
  it('puts each corner region in its class with scores in 0..1', () => {
    expect(classifyPoint(quadrant, 100, 100)).toEqual({ risk: 0.125, benefit: 1 - 100 / 600, quadrantClass: 'win-win' });
    expect(classifyPoint(quadrant, 700, 100).quadrantClass).toBe('conditional');
    expect(classifyPoint(quadrant, 100, 500).quadrantClass).toBe('no-regret');
    expect(classifyPoint(quadrant, 700, 500).quadrantClass).toBe('park');
  });

  it('gives the midlines to high benefit and high risk, so no point is unclassified', () => {
    expect(classifyPoint(quadrant, 399.999, 300).quadrantClass).toBe('win-win');
    expect(classifyPoint(quadrant, 400, 300).quadrantClass).toBe('conditional');
    expect(classifyPoint(quadrant, 399.999, 300.001).quadrantClass).toBe('no-regret');
    expect(classifyPoint(quadrant, 400, 300.001).quadrantClass).toBe('park');
  });

  it('clamps scores at the edges and beyond', () => {
    expect(classifyPoint(quadrant, 0, 0)).toMatchObject({ risk: 0, benefit: 1 });
    expect(classifyPoint(quadrant, 800, 600)).toMatchObject({ risk: 1, benefit: 0 });
    expect(classifyPoint(quadrant, -50, 900)).toMatchObject({ risk: 0, benefit: 0, quadrantClass: 'no-regret' });
  });
});

describe('classifyOpportunity', () => {
  const quadrantRecord = { id: 'shape:q', typeName: 'shape', type: 'quadrant', props: { w: 800, h: 600, title: '' } };
  const opportunity = (parentId: string, x: number, y: number) =>
    ({ id: 'shape:o', typeName: 'shape', type: 'opportunity', parentId, x, y, props: { w: 200, h: 100 } }) as unknown as OpportunityShape;
  const records = new Map<string, { id: string; typeName: string }>([
    [quadrantRecord.id, quadrantRecord],
    ['page:page', { id: 'page:page', typeName: 'page' }],
  ]);

  it('classifies a child of a quadrant by its centre', () => {
    // Centre at (100 + 100, 50 + 50) = (200, 100): low risk, high benefit.
    expect(classifyOpportunity(opportunity('shape:q', 100, 50), records)?.quadrantClass).toBe('win-win');
    // Centre at (650, 550): high risk, low benefit.
    expect(classifyOpportunity(opportunity('shape:q', 550, 500), records)?.quadrantClass).toBe('park');
  });

  it('gives no class outside a quadrant', () => {
    expect(classifyOpportunity(opportunity('page:page', 100, 50), records)).toBeNull();
    expect(classifyOpportunity(opportunity('shape:missing', 100, 50), records)).toBeNull();
  });
});

describe('keepScoresOnResize', () => {
  it('moves a child so its scores and class survive a resize of its quadrant', () => {
    const child = { x: 500, y: 100, w: 200, h: 100 };
    const before = classifyPoint(quadrant, child.x + child.w / 2, child.y + child.h / 2);
    const after = { w: 400, h: 900 };
    const moved = keepScoresOnResize(child, quadrant, after);
    const reclassified = classifyPoint(after, moved.x + child.w / 2, moved.y + child.h / 2);
    expect(reclassified.quadrantClass).toBe(before.quadrantClass);
    expect(reclassified.risk).toBeCloseTo(before.risk, 10);
    expect(reclassified.benefit).toBeCloseTo(before.benefit, 10);
  });

  it('without the move, the same resize would change the class (the function matters)', () => {
    const child = { x: 500, y: 100, w: 200, h: 100 };
    expect(classifyPoint(quadrant, 600, 150).quadrantClass).toBe('conditional');
    expect(classifyPoint({ w: 1400, h: 600 }, 600, 150).quadrantClass).toBe('win-win');
    const moved = keepScoresOnResize(child, quadrant, { w: 1400, h: 600 });
    expect(classifyPoint({ w: 1400, h: 600 }, moved.x + 100, moved.y + 50).quadrantClass).toBe('conditional');
  });
});
