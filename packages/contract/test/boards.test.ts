import { describe, expect, it } from 'vitest';
import { boardIdPattern, canEdit, createBoardInput } from '../src/index.ts';

describe('createBoardInput', () => {
  it('trims text and turns empty optional fields into undefined', () => {
    const parsed = createBoardInput.parse({ title: '  Wijk Noord ', municipality: ' Tilburg ', neighbourhood: '' });
    expect(parsed).toEqual({ title: 'Wijk Noord', municipality: 'Tilburg', neighbourhood: undefined, template: 'blank', language: 'nl' });
  });

  it('takes a known template name, blank by default, and nothing else', () => {
    expect(createBoardInput.parse({ title: 'x', template: 'sociale-koppelkansen' }).template).toBe('sociale-koppelkansen');
    expect(createBoardInput.parse({ title: 'x', template: 'blank' }).template).toBe('blank');
    expect(createBoardInput.safeParse({ title: 'x', template: 'leeg' }).success).toBe(false);
    expect(createBoardInput.safeParse({ title: 'x', template: null }).success).toBe(false);
  });

  it('takes the template language, Dutch by default', () => {
    expect(createBoardInput.parse({ title: 'x', language: 'en' }).language).toBe('en');
    expect(createBoardInput.safeParse({ title: 'x', language: 'de' }).success).toBe(false);
  });

  it('rejects a missing or blank title, unknown keys and over-long text', () => {
    expect(createBoardInput.safeParse({}).success).toBe(false);
    expect(createBoardInput.safeParse({ title: '   ' }).success).toBe(false);
    expect(createBoardInput.safeParse({ title: 'x', owner: 'me' }).success).toBe(false);
    expect(createBoardInput.safeParse({ title: 'x'.repeat(201) }).success).toBe(false);
  });
});

describe('roles and ids', () => {
  it('only viewers cannot edit', () => {
    expect([canEdit('owner'), canEdit('editor'), canEdit('viewer')]).toEqual([true, true, false]);
  });

  it('board ids are 22 base64url characters', () => {
    expect(boardIdPattern.test('mfjxCJynWtRQHRCQwQZ4Ag')).toBe(true);
    expect(boardIdPattern.test('../etc/passwd')).toBe(false);
  });
});
