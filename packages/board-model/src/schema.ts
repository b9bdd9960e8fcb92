import { createTLSchema, defaultShapeSchemas, type TLSchema } from '@tldraw/tlschema';
import { koppelRecordSchemas } from './records/card-comment.ts';
import { koppelShapeSchemas } from './shapes/index.ts';

/**
 * The tldraw schema of a Koppelbord board: tldraw's shapes plus the Koppelkansen shapes,
 * and the board's own record types (comments on cards), DOM-free so the server seeds, validates and reads boards with the same record types and
 * migrations as the client. The client's ShapeUtils use the same props and migrations; the
 * two must change together, because a client whose schema lacks a type the board's schema
 * has opens that board read-only.
 */
export function createBoardSchema(): TLSchema {
  return createTLSchema({ shapes: { ...defaultShapeSchemas, ...koppelShapeSchemas }, records: koppelRecordSchemas });
}
