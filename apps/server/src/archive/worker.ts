/**
 * The worker thread of PackageBuilder: builds one package per message, off the sync path.
 * The input arrives by structured clone (Dates, Maps and byte arrays survive it as they are).
 */
import { parentPort } from 'node:worker_threads';
import { lowerThisThread } from '../priority/index.ts';
import { buildArchivePackage, type BuildOptions } from './build.ts';
import type { ArchiveInput } from './types.ts';

if (!parentPort) throw new Error('archive worker: not started as a worker thread');
const port = parentPort;
// Behind the sync path for the CPU, and so is the Ghostscript it starts.
lowerThisThread();

port.on('message', (message: { id: number; input: ArchiveInput; options: BuildOptions }) => {
  buildArchivePackage(message.input, message.options).then(
    // The ZIP is moved, not copied, to the main thread (megabytes it would otherwise clone there).
    (built) => port.postMessage({ id: message.id, ok: true, built }, movable(built.zip)),
    (error: unknown) => port.postMessage({ id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});

/** The buffer of `bytes` when it can be moved to another thread (it owns it whole). */
function movable(bytes: Uint8Array): ArrayBuffer[] {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : [];
}
