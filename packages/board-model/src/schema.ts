import { createTLSchema, type TLSchema } from '@tldraw/tlschema';

/**
 * The tldraw schema of a Koppelbord board, DOM-free so the server can seed, validate and
 * read boards with the same record types and migrations as the client. (The Koppelkansen
 * shapes join it in their own issue; until then it is tldraw's default schema.)
 */
export function createBoardSchema(): TLSchema {
  return createTLSchema();
}
