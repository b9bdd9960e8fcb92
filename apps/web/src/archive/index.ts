/** The archive page (`/archief`): archived snapshots by place, download and verify. */
export { ArchivePage } from './ArchivePage.tsx';

/** Where the archive page lives. */
export const archivePath = '/archief';
