import { describe, expect, it } from 'vitest';
import { newParticipantKey, participantIdOf, participantIdPattern, participantKeyPattern } from '../src/index.ts';

describe('participant keys and ids', () => {
  it('makes keys of the contract form, different each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newParticipantKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(participantKeyPattern);
  });

  it('derives the same id from the same key, another from another', async () => {
    const key = newParticipantKey();
    const id = await participantIdOf(key);
    expect(id).toMatch(participantIdPattern);
    expect(await participantIdOf(key)).toBe(id);
    expect(await participantIdOf(newParticipantKey())).not.toBe(id);
    // A fixed vector, so client and server (and a later version) agree on the derivation.
    expect(await participantIdOf('A'.repeat(43))).toBe('d619aad5cbed0c919c3d705778d4f4e9');
  });
});
