import { describe, expect, it } from 'vitest';
import { InstancePresenceRecordType, type TLPageId, type TLUserId } from '@tldraw/tlschema';
import { awarenessStateToPresence, presenceIdForClient, presenceToAwarenessState } from '../src/presence.ts';

describe('presence over awareness', () => {
  const presence = InstancePresenceRecordType.create({
    id: InstancePresenceRecordType.createId('local'),
    userId: 'user:ada' as TLUserId,
    userName: 'Ada',
    currentPageId: 'page:page' as TLPageId,
    cursor: { x: 1, y: 2, type: 'default', rotation: 0 },
  });

  it('round-trips through a plain (JSON) awareness state, keyed by the awareness client id', () => {
    const state = JSON.parse(JSON.stringify(presenceToAwarenessState(presence)));
    const received = awarenessStateToPresence(state, 42);
    expect(received).toEqual({ ...presence, id: presenceIdForClient(42) });
  });

  it('rejects missing or invalid presence', () => {
    expect(awarenessStateToPresence(presenceToAwarenessState(null), 1)).toBeNull();
    expect(awarenessStateToPresence(undefined, 1)).toBeNull();
    expect(awarenessStateToPresence({ presence: { ...presence, cursor: 'nope' } }, 1)).toBeNull();
  });
});
