/**
 * The worker thread of SnapshotAnalyzer: reads a snapshot's records (validated, as every
 * derived file needs them) and compares two snapshots, off the sync path. A 626-shape board
 * takes ~150 ms per read, which on the main thread held up every other board's updates.
 */
import { parentPort } from 'node:worker_threads';
import type { BoardLanguage } from '@koppelbord/contract';
import { boardChanges } from '@koppelbord/board-model';
import { snapshotRecords } from '../archive/index.ts';
import { lowerThisThread } from '../priority/index.ts';

export type AnalyzeRequest =
  | { id: number; kind: 'records'; state: Uint8Array }
  | { id: number; kind: 'summary'; state: Uint8Array; previous: Uint8Array | null; locale: BoardLanguage };

if (!parentPort) throw new Error('snapshot analyzer: not started as a worker thread');
const port = parentPort;
// Behind the sync path for the CPU: reading two snapshots of a large board is ~300 ms of it.
lowerThisThread();

port.on('message', (request: AnalyzeRequest) => {
  try {
    if (request.kind === 'records') {
      const { records, schema } = snapshotRecords(request.state);
      port.postMessage({ id: request.id, ok: true, result: { records, schema } });
    } else {
      const { records, invalid } = snapshotRecords(request.state);
      const before = request.previous ? snapshotRecords(request.previous).records : [];
      port.postMessage({ id: request.id, ok: true, result: { invalid, changes: boardChanges(before, records, { locale: request.locale }) } });
    }
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
