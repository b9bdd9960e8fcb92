import { describe, expect, it } from 'vitest';
import { formatDate, isAcceptedDate, isoDate, parseIsoDate, parseTypedDate } from '../src/dates.ts';

describe('dates', () => {
  it('accepts only days that exist, in the years a board is about', () => {
    expect(isAcceptedDate({ year: 2026, month: 2, day: 28 })).toBe(true);
    expect(isAcceptedDate({ year: 2028, month: 2, day: 29 })).toBe(true);
    expect(isAcceptedDate({ year: 2026, month: 2, day: 29 })).toBe(false);
    expect(isAcceptedDate({ year: 2026, month: 2, day: 31 })).toBe(false);
    expect(isAcceptedDate({ year: 2026, month: 13, day: 1 })).toBe(false);
    expect(isAcceptedDate({ year: 2026, month: 4, day: 0 })).toBe(false);
    expect(isAcceptedDate({ year: 2000, month: 1, day: 1 })).toBe(true);
    expect(isAcceptedDate({ year: 2100, month: 12, day: 31 })).toBe(true);
    expect(isAcceptedDate({ year: 1999, month: 12, day: 31 })).toBe(false);
    expect(isAcceptedDate({ year: 9999, month: 1, day: 1 })).toBe(false);
  });

  it('reads stored and typed dates, Dutch day-first, and refuses what is not a date', () => {
    expect(parseIsoDate('2026-12-01')).toEqual({ year: 2026, month: 12, day: 1 });
    expect(parseIsoDate('2026-02-31')).toBeNull();
    expect(parseIsoDate('20263-12-01')).toBeNull();
    expect(parseTypedDate('1-12-2026')).toEqual({ year: 2026, month: 12, day: 1 });
    expect(parseTypedDate(' 01/12/2026 ')).toEqual({ year: 2026, month: 12, day: 1 });
    expect(parseTypedDate('1.12.2026')).toEqual({ year: 2026, month: 12, day: 1 });
    expect(parseTypedDate('2026-12-01')).toEqual({ year: 2026, month: 12, day: 1 });
    expect(parseTypedDate('31-2-2026')).toBeNull();
    expect(parseTypedDate('1-12-20263')).toBeNull();
    expect(parseTypedDate('1-12-26')).toBeNull();
    expect(parseTypedDate('gisteren')).toBeNull();
    expect(isoDate({ year: 2026, month: 3, day: 4 })).toBe('2026-03-04');
  });

  it('writes a date in the reader’s language, long or short', () => {
    expect(formatDate('2026-12-01', 'nl')).toBe('1 december 2026');
    expect(formatDate('2026-12-01', 'en')).toBe('1 December 2026');
    expect(formatDate('2026-12-01', 'nl', 'short')).toBe('1-12-2026');
    expect(formatDate('2026-12-01', 'en', 'short')).toBe('1/12/2026');
    // What the validators let through but is no date (an old board's value) is shown as stored.
    expect(formatDate('9999-02-31', 'nl')).toBe('9999-02-31');
  });
});
