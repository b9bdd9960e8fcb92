/**
 * The worker thread of SnapshotAnalyzer: reads a snapshot's records (validated, as every
 * derived file needs them; for the owner's browser render as the JSON it is sent as, so the
 * main thread neither rebuilds nor stringifies megabytes of records), merges a new
 * snapshot's state from the stored parts it is made of, and compares two snapshots, off the
 * sync path. A 626-shape board takes ~150 ms per
 * read, which on the main thread held up every other board's updates.
 */
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import type { BoardLanguage } from '@koppelbord/contract';
import { boardChanges } from '@koppelbord/board-model';
import { snapshotRecords } from '../archive/index.ts';
import { lowerThisThread } from '../priority/index.ts';

export type AnalyzeRequest =
  | { id: number; kind: 'records'; state: Uint8Array }
  /** The answer of `GET …/render-input`, as UTF-8 JSON: `{records, schema, locale}`. */
  | { id: number; kind: 'renderInput'; state: Uint8Array; locale: BoardLanguage }
  /** `parts`: a state as stored (the compacted state and the log after it), merged here into one update. */
  | { id: number; kind: 'summary'; parts: Uint8Array[]; previous: Uint8Array | null; locale: BoardLanguage };

if (!parentPort) throw new Error('snapshot analyzer: not started as a worker thread');
const port = parentPort;
const encoder = new TextEncoder();
// Behind the sync path for the CPU: reading two snapshots of a large board is ~300 ms of it.
lowerThisThread();

port.on('message', (request: AnalyzeRequest) => {
  try {
    if (request.kind === 'records') {
      const { records, schema } = snapshotRecords(request.state);
      port.postMessage({ id: request.id, ok: true, result: { records, schema } });
    } else if (request.kind === 'renderInput') {
      const { records, schema } = snapshotRecords(request.state);
      const json = encoder.encode(JSON.stringify({ records, schema, locale: request.locale }));
      port.postMessage({ id: request.id, ok: true, result: json }, [json.buffer]);
    } else {
      const state = request.parts.length === 1 ? request.parts[0]! : Y.mergeUpdates(request.parts);
      const { records, invalid } = snapshotRecords(state);
      const before = request.previous ? snapshotRecords(request.previous).records : [];
      const result = { state, invalid, changes: boardChanges(before, records, { locale: request.locale }) };
      // The state goes back without a copy (when it is a buffer of its own, as a merge's is).
      const transfer = state.byteOffset === 0 && state.byteLength === state.buffer.byteLength && state.buffer instanceof ArrayBuffer ? [state.buffer] : [];
      port.postMessage({ id: request.id, ok: true, result }, transfer);
    }
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
