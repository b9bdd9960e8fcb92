import { describe, expect, it } from 'vitest';
import { distinctColour, participantColours } from '../../apps/web/src/sync/participant-colours.ts';

const rgb = (hex: string) => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((value, i) => value - rgb(b)[i]!));

describe('participant colours', () => {
  it('no two palette colours are alike (the old palette had two reds)', () => {
    for (const [i, a] of participantColours.entries()) {
      for (const b of participantColours.slice(i + 1)) expect(distance(a, b), `${a} / ${b}`).toBeGreaterThan(80);
    }
  });

  it('a participant whose colour someone ahead shows takes the first free one; with all taken, keeps its own', () => {
    const [first, second, third] = participantColours;
    expect(distinctColour(first, new Set())).toBe(first);
    expect(distinctColour(first, new Set([first]))).toBe(second);
    expect(distinctColour(first, new Set([first, second]))).toBe(third);
    expect(distinctColour(first, new Set(participantColours))).toBe(first);
  });
});
