import { describe, expect, it } from 'vitest';
import { arrowLink } from '../src/links.ts';

describe('arrowLink', () => {
  it('links the shapes bound at the start and at the end, whatever the order of the bindings', () => {
    expect(arrowLink([{ toId: 'shape:a', terminal: 'start' }, { toId: 'shape:b', terminal: 'end' }])).toEqual(['shape:a', 'shape:b']);
    expect(arrowLink([{ toId: 'shape:b', terminal: 'end' }, { toId: 'shape:a', terminal: 'start' }])).toEqual(['shape:a', 'shape:b']);
  });

  it('links nothing through an arrow bound at one end only or at both ends to one shape', () => {
    expect(arrowLink([])).toBeNull();
    expect(arrowLink([{ toId: 'shape:a', terminal: 'start' }])).toBeNull();
    expect(arrowLink([{ toId: 'shape:a', terminal: 'end' }])).toBeNull();
    expect(arrowLink([{ toId: 'shape:a', terminal: 'start' }, { toId: 'shape:a', terminal: 'end' }])).toBeNull();
  });
});
