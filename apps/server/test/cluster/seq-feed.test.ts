import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../src/log.ts';
import { SeqFeed, type LogTail, type RepairCause } from '../../src/sync/seq-feed.ts';
import { waitFor } from '../../../../tests/helpers/wait.ts';

/** A board's committed log as the store would hold it: seq n is the update that set key `k<n>`. */
function committedLog(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let seq = 1; seq <= count; seq++) doc.getMap('m').set(`k${seq}`, seq);
  return updates;
}

function setup(log: Uint8Array[], options: { applied?: number; compactedUpTo?: number } = {}) {
  const doc = new Y.Doc();
  const applied = options.applied ?? 0;
  if (applied > 0) Y.applyUpdate(doc, Y.mergeUpdates(log.slice(0, applied)));
  const reads: number[] = [];
  const repairs: RepairCause[] = [];
  const logged = new Set<number>();
  const feed = new SeqFeed(applied, {
    boardId: 'b',
    log: createLogger('silent'),
    apply: (parts, seqs) => {
      Y.applyUpdate(doc, Y.mergeUpdates(parts));
      for (const { seq } of seqs) logged.add(seq);
    },
    read: async (afterSeq): Promise<LogTail> => {
      reads.push(afterSeq);
      const compacted = options.compactedUpTo ?? 0;
      const from = Math.max(afterSeq, compacted);
      return {
        headSeq: log.length,
        snapshot: afterSeq < compacted ? { state: Y.mergeUpdates(log.slice(0, compacted)) } : null,
        updates: log.slice(from).map((data, i) => ({ seq: from + i + 1, data })),
      };
    },
    repaired: (cause) => repairs.push(cause),
  });
  const keys = () => [...doc.getMap('m').keys()].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return { doc, feed, reads, repairs, logged, keys };
}

const allKeys = (count: number) => Array.from({ length: count }, (_, i) => `k${i + 1}`);

describe('SeqFeed', () => {
  it('applies messages in seq order and drops duplicates without reading the store', () => {
    const log = committedLog(3);
    const { feed, reads, keys } = setup(log);
    feed.remote(1, 1, log[0]!);
    feed.remote(1, 1, log[0]!);
    feed.remote(2, 3, Y.mergeUpdates([log[1]!, log[2]!]));
    expect(feed.applied).toBe(3);
    expect(keys()).toEqual(allKeys(3));
    expect(reads).toEqual([]);
  });

  it('fetches a gap from the store, then applies the message that revealed it', async () => {
    const log = committedLog(4);
    const { feed, reads, repairs, keys, logged } = setup(log, { applied: 1 });
    feed.remote(4, 4, log[3]!);
    await feed.settled();
    expect(reads).toEqual([1]);
    expect(repairs).toEqual(['gap']);
    expect(feed.applied).toBe(4);
    expect(keys()).toEqual(allKeys(4));
    expect([...logged].sort()).toEqual([2, 3, 4]);
  });

  it('reads a range announced without its bytes (no loss: not reported as a repair)', async () => {
    const log = committedLog(2);
    const { feed, repairs, keys, reads } = setup(log);
    feed.remote(1, 2, null);
    await feed.settled();
    expect(reads).toEqual([0]);
    expect(repairs).toEqual([]);
    expect(keys()).toEqual(allKeys(2));
  });

  it('counts own commits, advancing past them once the seqs between arrive', () => {
    const log = committedLog(3);
    const { feed, doc, reads } = setup(log);
    // This instance committed seq 2 (already in its doc); seq 1 came from another one.
    Y.applyUpdate(doc, log[1]!);
    feed.own([2]);
    expect(feed.applied).toBe(0);
    feed.remote(1, 1, log[0]!);
    expect(feed.applied).toBe(2);
    feed.own([3]);
    expect(feed.applied).toBe(3);
    expect(feed.head).toBe(3);
    expect(feed.ownHead).toBe(3);
    expect(reads).toEqual([]);
  });

  it('catches a lost last message from a head heartbeat', async () => {
    const log = committedLog(2);
    const { feed, repairs, keys } = setup(log, { applied: 1 });
    feed.heard(2, 'heartbeat');
    await feed.settled();
    expect(repairs).toEqual(['heartbeat']);
    expect(keys()).toEqual(allKeys(2));
    // A head it has reached changes nothing.
    feed.heard(2, 'heartbeat');
    await feed.settled();
    expect(repairs).toEqual(['heartbeat']);
  });

  it('waits a moment after a poll before reading, so a message on its way is not read twice', async () => {
    const log = committedLog(2);
    const { feed, reads, repairs } = setup(log, { applied: 1 });
    feed.heard(2, 'poll');
    feed.remote(2, 2, log[1]!);
    const lagging = setup(log, { applied: 1 });
    lagging.feed.heard(2, 'poll');
    await waitFor(() => lagging.repairs.length === 1, 'the lagging feed to repair after the grace');
    expect(lagging.repairs).toEqual(['poll']);
    expect(lagging.feed.applied).toBe(2);
    await feed.settled();
    expect(reads).toEqual([]);
    expect(repairs).toEqual([]);
  });

  it('applies the snapshot when the rows it missed were compacted away', async () => {
    const log = committedLog(5);
    const { feed, keys, reads } = setup(log, { applied: 1, compactedUpTo: 3 });
    feed.remote(5, 5, log[4]!);
    await feed.settled();
    expect(reads).toEqual([1]);
    expect(feed.applied).toBe(5);
    expect(keys()).toEqual(allKeys(5));
  });
});
