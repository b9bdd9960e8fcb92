// tldraw's record union, for packages that handle the board's records without depending on
// @tldraw/tlschema themselves (the server's archive).
export type { TLRecord } from '@tldraw/tlschema';
