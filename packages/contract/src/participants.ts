/**
 * Who a participant is, in a way a modified client cannot fake for someone else. Each device
 * keeps a random secret *participant key*; the participant's public id is derived from it
 * (SHA-256), so anyone can see an id (presence, votes, comment authors) but only the device
 * holding the key can act under it. The client sends the key with its websocket upgrade
 * (`?participant=`) and HTTP calls (`participantKeyHeader`); the server derives the id itself
 * and never trusts an id a client states. Keys are never logged (query strings and headers
 * are not).
 *
 * There are no accounts: one person with two devices is two participants, and someone who
 * clears their browser storage becomes a new one — the owner sees every participant by name.
 */

/** The HTTP header that carries the participant key. */
export const participantKeyHeader = 'x-koppelbord-participant';

/** 32 bytes, base64url without padding. */
export const participantKeyPattern = /^[A-Za-z0-9_-]{43}$/;

/** A derived id: the first 16 bytes of SHA-256("koppelbord-participant:" + key), hex. */
export const participantIdPattern = /^[0-9a-f]{32}$/;

/** A new random key (browser or Node: both have Web Crypto). */
export function newParticipantKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The public id of the participant holding `key`. */
export async function participantIdOf(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`koppelbord-participant:${key}`));
  return Array.from(new Uint8Array(digest).subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
