import { createTLSchema, type TLSchema } from '@tldraw/tlschema';

/**
 * The tldraw schema of a Koppelbord board, DOM-free so the server can seed, validate and
 * read boards with the same record types and migrations as the client.
 *
 * The Koppelkansen shapes (`koppelShapeSchemas`) join it together with their ShapeUtils in
 * the client: server and client must change in one step, because a client whose schema
 * lacks a shape type the board's schema has opens that board read-only.
 */
export function createBoardSchema(): TLSchema {
  return createTLSchema();
}
