import type { LoggedUpdate } from './types.ts';

/**
 * Whether some seq in (afterSeq, headSeq] is missing from `updates` (the board's rows with
 * seq > afterSeq, ascending): compacted away, so a reader needs the snapshot as well. Seqs
 * are unique and never above the head, so a full count means none is missing.
 */
export function isMissingRows(afterSeq: number, headSeq: number, updates: readonly LoggedUpdate[]): boolean {
  return headSeq > afterSeq && updates.length < headSeq - afterSeq;
}
