/** The archive page (`/archief`, its path in ./path.ts): archived snapshots by place, download and verify. */
export { ArchivePage } from './ArchivePage.tsx';
