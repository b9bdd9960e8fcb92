// Reading a tldraw file (.tldr) into a new board's records.
export { readTldrFile, tldrSeedUpdate, TldrImportError, type ImportedTldr, type InlineImage, type TldrImportOptions } from './tldr-import.ts';
