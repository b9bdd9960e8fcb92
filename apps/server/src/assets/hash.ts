import { createHash } from 'node:crypto';

/** An asset's address: the SHA-256 of its bytes, in lower-case hex. */
export const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
