import { T } from '@tldraw/validate';

/** Text limits, enforced by the validators on both client and server. */
export const textLimits = {
  label: 80,
  name: 120,
  title: 120,
  contact: 200,
  line: 300,
  owner: 120,
  long: 2000,
  listItems: 20,
  voters: 500,
  /** One comment on a card: a few sentences, not a document. */
  comment: 1000,
} as const;

/** A string of at most `max` characters. */
export const text = (max: number) =>
  T.string.check((value) => {
    if (value.length > max) throw new Error(`at most ${max} characters (got ${value.length})`);
  });

/** An array of at most `max` items. */
export const list = <V>(item: T.Validatable<V>, max: number) =>
  T.arrayOf(item).check((value) => {
    if (value.length > max) throw new Error(`at most ${max} items (got ${value.length})`);
  });

/** Consultation of a domain or organisation: the evidence that nobody was passed over. */
export const consultationStatuses = ['not-yet', 'invited', 'consulted'] as const;
export type ConsultationStatus = (typeof consultationStatuses)[number];
export const consultationStatus = T.literalEnum(...consultationStatuses);

/** `YYYY-MM-DD`, or empty when there is no date. */
export const isoDateOrEmpty = T.string.check((value) => {
  if (value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`expected YYYY-MM-DD or empty, got "${value}"`);
});

/** Card sizes: positive and not absurd. */
export const dimension = T.nonZeroNumber.check((value) => {
  if (value > 10_000) throw new Error('at most 10000');
});
