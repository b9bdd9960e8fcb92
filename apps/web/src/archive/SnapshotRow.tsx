import { useState } from 'react';
import type { VerifyResponse } from '@koppelbord/contract';
import { formatBytes, formatTime, saveFile } from '../history/index.ts';
import type { Messages } from '../i18n/messages.ts';
import type { SnapshotSummary } from '@koppelbord/contract';
import { downloadPackage, verifyPackage } from '../sync/snapshots-api.ts';
import { VerifyResult } from './VerifyResult.tsx';

/** One archived snapshot: label, time, package state and size, where it went in ARCHIVE_DIR; download and verify. */
export function SnapshotRow({ boardId, snapshot, token, t }: { boardId: string; snapshot: SnapshotSummary; token: string; t: Messages }) {
  const a = t.archive;
  const [busy, setBusy] = useState<'download' | 'verify'>();
  const [error, setError] = useState<string>();
  const [verified, setVerified] = useState<VerifyResponse>();
  const ready = snapshot.package?.status === 'ready';
  const exported = snapshot.archiveExport;

  async function run(what: 'download' | 'verify') {
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'download') saveFile(await downloadPackage(boardId, snapshot.id, token));
      else setVerified(await verifyPackage(boardId, snapshot.id, token));
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <tr data-snapshot-id={snapshot.id}>
      <th scope="row">{snapshot.label}</th>
      <td>
        <time dateTime={snapshot.createdAt}>{formatTime(snapshot.createdAt, t)}</time>
      </td>
      <td>
        {snapshot.package ? t.history.packageStatus[snapshot.package.status] : '—'}
        {exported && (
          <span className={exported.written ? 'archive-export' : 'archive-export archive-export--pending'}>
            <br />
            {exported.written ? a.exportState.written : exported.lastError ? a.exportState.retrying(exported.attempts, exported.lastError) : a.exportState.pending}
          </span>
        )}
      </td>
      <td>{snapshot.package?.bytes !== undefined ? formatBytes(snapshot.package.bytes, t) : '—'}</td>
      <td>
        <div className="archive-actions">
          <button type="button" className="secondary" disabled={!ready || busy !== undefined} aria-label={a.download(snapshot.label)} onClick={() => void run('download')}>
            {busy === 'download' ? t.history.downloading : a.downloadShort}
          </button>
          <button type="button" className="secondary" disabled={!ready || busy !== undefined} aria-label={a.verifyLong(snapshot.label)} onClick={() => void run('verify')}>
            {busy === 'verify' ? a.verifying : a.verify}
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {t.errorPrefix} {error}
          </p>
        )}
        {verified && <VerifyResult result={verified} t={t} />}
      </td>
    </tr>
  );
}
