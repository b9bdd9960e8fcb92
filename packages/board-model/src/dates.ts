/**
 * Calendar dates on cards (a consultation's date): stored as `YYYY-MM-DD`, accepted only when
 * they exist on the calendar and fall in the years a board is about, and shown in the
 * reader's language ('1 december 2026', '1-12-2026').
 */
import type { BoardLanguage } from '@koppelbord/contract';

/** The years a card's date or coupling year may name: the energy transition's horizon, not a typo's. */
export const acceptedYears = { min: 2000, max: 2100 } as const;

export interface CalendarDate {
  year: number;
  /** 1 … 12. */
  month: number;
  /** 1 … 31. */
  day: number;
}

/** Whether the day exists (no 31 February) and the year is in `acceptedYears`. */
export function isAcceptedDate({ year, month, day }: CalendarDate): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < acceptedYears.min || year > acceptedYears.max || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `YYYY-MM-DD` as a date, or null when it is not that form or not an accepted date. */
export function parseIsoDate(iso: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isAcceptedDate(date) ? date : null;
}

/**
 * A date as someone types it: day-month-year with `-`, `/`, `.` or spaces between
 * ('1-12-2026', '01/12/2026'), or `YYYY-MM-DD`. Null when it is not a date or not an
 * accepted one (31-2-2026, 1-12-20263).
 */
export function parseTypedDate(text: string): CalendarDate | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return parseIsoDate(trimmed);
  const match = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(trimmed);
  if (!match) return null;
  const date = { day: Number(match[1]), month: Number(match[2]), year: Number(match[3]) };
  return isAcceptedDate(date) ? date : null;
}

export function isoDate({ year, month, day }: CalendarDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today in this device's own time zone, `YYYY-MM-DD` (the day a participant says "today"). */
export function isoToday(): string {
  const now = new Date();
  return isoDate({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
}

/**
 * The calendar year of a moment in the Netherlands: what "this year" was for a snapshot, so a
 * report or register built later (the archive package) counts the plans' sweet spot from it.
 */
export function dutchYearOf(moment: Date): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(moment));
}

/** Intl's name for each board language: Dutch as in the Netherlands, English as in Britain (day before month). */
const dateLocales: Record<BoardLanguage, string> = { nl: 'nl-NL', en: 'en-GB' };

/**
 * A stored date for reading: `long` '1 december 2026' / '1 December 2026', `short`
 * '1-12-2026' / '1/12/2026'. A value that is not an accepted date is shown as stored.
 */
export function formatDate(iso: string, locale: BoardLanguage, style: 'long' | 'short' = 'long'): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  if (style === 'short') return [date.day, date.month, date.year].join(locale === 'nl' ? '-' : '/');
  const format = new Intl.DateTimeFormat(dateLocales[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return format.format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}
