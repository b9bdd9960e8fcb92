/**
 * The contract's schemas are built with `zod/mini`, Zod's tree-shakable form: the web client
 * reads the doc's timer and voting state and checks titles with them, and the classic build
 * would add about 90 KB of script (27 KiB gzip) and 35 ms of evaluation to every page load.
 */
import { z } from 'zod/mini';

/** A string trimmed first, then of `min` to `max` characters. */
export const trimmedText = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
