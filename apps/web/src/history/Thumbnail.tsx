import { useEffect, useState } from 'react';
import { fetchThumbnail } from '../sync/snapshots-api.ts';

/**
 * A snapshot's thumbnail. It needs the board token, which an <img> cannot send, so it is
 * fetched and shown from a blob: URL once the summary says there is one (after the images
 * are rendered). Nothing is shown while there is none.
 */
export function Thumbnail({ boardId, snapshotId, token, available, alt }: { boardId: string; snapshotId: string; token: string; available: boolean; alt: string }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!available) return;
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
  }, [boardId, snapshotId, token, available]);
  return url ? <img className="snapshot-thumbnail" src={url} alt={alt} /> : null;
}
