import { useEffect, useState } from 'react';
import type { PackageStatus } from '@koppelbord/contract';
import { fetchThumbnail } from '../sync/snapshots-api.ts';

/**
 * A snapshot's thumbnail. It needs the board token, which an <img> cannot send, so it is
 * fetched and shown from a blob: URL; fetched again when the package's state changes (it
 * exists once the images are rendered). Nothing is shown while there is none.
 */
export function Thumbnail({ boardId, snapshotId, token, status, alt }: { boardId: string; snapshotId: string; token: string; status: PackageStatus; alt: string }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (status === 'incomplete') return;
    let objectUrl: string | undefined;
    let live = true;
    fetchThumbnail(boardId, snapshotId, token).then(
      (blob) => {
        if (!live || !blob) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      // No thumbnail is no reason to fail the list: the package state says what is missing.
      () => undefined,
    );
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [boardId, snapshotId, token, status]);
  return url ? <img className="snapshot-thumbnail" src={url} alt={alt} /> : null;
}
