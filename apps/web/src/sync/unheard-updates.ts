/**
 * Yjs encodes every transaction into an update message as soon as anything listens to the
 * doc's `update` event (its transaction cleanup checks for listeners, not for interest). The
 * y-websocket provider always listens, and ignores what came from itself; so each update the
 * server sent was encoded a second time for nobody — the whole board on load (1.7 MB, about
 * 100 ms of main thread for 2,000 shapes) and every remote change after it.
 *
 * This takes `listener` off for exactly the transactions from `origin` it would ignore, and
 * only while it is the doc's only `update` listener: anything else listening (the offline copy)
 * keeps every update, and so does every other transaction, including one an observer starts
 * while the remote one is being cleaned up.
 */
import type * as Y from 'yjs';

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction) => void;

/** Skips encoding the updates from `origin` that only `listener` would hear, until the returned function is called. */
export function skipUnheardUpdates(doc: Y.Doc, origin: unknown, listener: UpdateListener): () => void {
  let detached = false;
  // Called last before Yjs decides whether to encode this transaction.
  const beforeEncoding = (transaction: Y.Transaction) => {
    if (transaction.origin !== origin) return;
    const listeners = doc._observers.get('update');
    if (listeners?.size !== 1 || !listeners.has(listener)) return;
    doc.off('update', listener);
    detached = true;
  };
  // Back before the next transaction's cleanup begins, or once all of them are done.
  const reattach = () => {
    if (!detached) return;
    detached = false;
    doc.on('update', listener);
  };
  doc.on('afterTransactionCleanup', beforeEncoding);
  doc.on('beforeObserverCalls', reattach);
  doc.on('afterAllTransactions', reattach);
  return () => {
    doc.off('afterTransactionCleanup', beforeEncoding);
    doc.off('beforeObserverCalls', reattach);
    doc.off('afterAllTransactions', reattach);
    reattach();
  };
}
