import { useEffect, useId, useState, type FormEvent } from 'react';
import type { BoardLanguage } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { ApiError } from '../sync/snapshots-api.ts';
import { filterEntries, groupByPlace, loadDeviceEntries, loadOperatorEntries, mergeEntries, type ArchiveEntry } from './entries.ts';
import { forgetOperatorToken, storedOperatorToken, storeOperatorToken } from './operator-token.ts';
import { SnapshotRow } from './SnapshotRow.tsx';

type Loaded = { state: 'loading' } | { state: 'ready'; entries: ArchiveEntry[] } | { state: 'failed'; message: string };

/**
 * `/archief`: the archived snapshots of boards, grouped by municipality and neighbourhood,
 * searchable by board title and snapshot label, each downloadable and verifiable. Two ways
 * in: the owner tokens this device keeps, and the operator token (every board).
 */
export function ArchivePage({ t, locale }: { t: Messages; locale: BoardLanguage }) {
  const a = t.archive;
  const [device, setDevice] = useState<Loaded>({ state: 'loading' });
  const [deviceErrors, setDeviceErrors] = useState<string[]>([]);
  const [operatorToken, setOperatorToken] = useState<string | undefined>(storedOperatorToken);
  const [operator, setOperator] = useState<Loaded | undefined>();
  const [operatorError, setOperatorError] = useState<string>();
  const [query, setQuery] = useState('');
  const searchId = useId();
  const tokenHintId = useId();

  useEffect(() => {
    let live = true;
    loadDeviceEntries().then(
      ({ entries, errors }) => {
        if (!live) return;
        setDevice({ state: 'ready', entries });
        setDeviceErrors(errors);
      },
      (reason: unknown) => live && setDevice({ state: 'failed', message: reason instanceof Error ? reason.message : String(reason) }),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!operatorToken) {
      setOperator(undefined);
      return;
    }
    let live = true;
    setOperator({ state: 'loading' });
    setOperatorError(undefined);
    loadOperatorEntries(operatorToken).then(
      (entries) => live && setOperator({ state: 'ready', entries }),
      (reason: unknown) => {
        if (!live) return;
        setOperatorError(reason instanceof Error ? reason.message : String(reason));
        // A refused token is not kept: the field comes back for another try.
        if (reason instanceof ApiError && (reason.status === 401 || reason.status === 403)) {
          forgetOperatorToken();
          setOperatorToken(undefined);
        } else setOperator(undefined);
      },
    );
    return () => {
      live = false;
    };
  }, [operatorToken]);

  const submitOperatorToken = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget).get('operatorToken') ?? '').trim();
    if (!token) return;
    storeOperatorToken(token);
    setOperatorToken(token);
  };
  const forget = () => {
    forgetOperatorToken();
    setOperatorError(undefined);
    setOperatorToken(undefined);
  };

  const all = mergeEntries(device.state === 'ready' ? device.entries : [], operator?.state === 'ready' ? operator.entries : []);
  const shown = filterEntries(all, query, t.dateLocale);
  const loading = device.state === 'loading' || operator?.state === 'loading';

  return (
    <>
      <p>{a.intro}</p>
      <section aria-labelledby="archive-operator" className="archive-operator">
        <h2 id="archive-operator">{a.operatorHeading}</h2>
        {operatorToken ? (
          <button type="button" className="secondary" onClick={forget}>
            {a.operatorForget}
          </button>
        ) : (
          <form onSubmit={submitOperatorToken}>
            <label>
              {a.operatorToken}
              <input name="operatorToken" type="password" autoComplete="off" required aria-describedby={tokenHintId} />
            </label>
            <p id={tokenHintId} className="hint">
              {a.operatorHint}
            </p>
            <button type="submit">{a.operatorShow}</button>
          </form>
        )}
        {operatorError && (
          <p role="alert" className="error">
            {t.errorPrefix} {operatorError}
          </p>
        )}
      </section>

      <section aria-labelledby="archive-boards">
        <h2 id="archive-boards">{operator?.state === 'ready' ? a.allBoards : a.deviceHeading}</h2>
        {operator?.state !== 'ready' && <p className="hint">{a.deviceHint}</p>}
        <label htmlFor={searchId}>{a.search}</label>
        <input id={searchId} type="search" value={query} onChange={(event) => setQuery(event.target.value)} autoComplete="off" />
        {device.state === 'failed' && (
          <p role="alert" className="error">
            {t.errorPrefix} {device.message}
          </p>
        )}
        {deviceErrors.map((message) => (
          <p key={message} role="alert" className="error">
            {t.errorPrefix} {message}
          </p>
        ))}
        {loading && <p className="hint">{a.loading}</p>}
        {!loading && all.length === 0 && <p className="hint">{a.deviceEmpty}</p>}
        {!loading && all.length > 0 && shown.length === 0 && <p role="status">{a.noResults}</p>}
        <ArchiveGroups entries={shown} t={t} locale={locale} />
      </section>
    </>
  );
}

function ArchiveGroups({ entries, t, locale }: { entries: ArchiveEntry[]; t: Messages; locale: BoardLanguage }) {
  const a = t.archive;
  return groupByPlace(entries, locale).map((group) => (
    <section key={group.municipality ?? ''} className="archive-municipality" aria-label={group.municipality ?? a.noMunicipality}>
      <h3>{group.municipality ?? a.noMunicipality}</h3>
      {group.neighbourhoods.map((place) => (
        <section key={place.neighbourhood ?? ''} className="archive-neighbourhood" aria-label={`${group.municipality ?? a.noMunicipality} · ${place.neighbourhood ?? a.noNeighbourhood}`}>
          <h4>{place.neighbourhood ?? a.noNeighbourhood}</h4>
          {place.entries.map((entry) => (
            <ArchiveBoardEntry key={entry.board.id} entry={entry} t={t} />
          ))}
        </section>
      ))}
    </section>
  ));
}

function ArchiveBoardEntry({ entry, t }: { entry: ArchiveEntry; t: Messages }) {
  const a = t.archive;
  const { board, token } = entry;
  const headingId = `archive-board-${board.id}`;
  return (
    <article className="archive-board" aria-labelledby={headingId} data-board-id={board.id}>
      <h5 id={headingId}>{board.title}</h5>
      {board.snapshots.length === 0 ? (
        <p className="hint">{a.noSnapshots}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{a.columns.label}</th>
              <th scope="col">{a.columns.time}</th>
              <th scope="col">{a.columns.status}</th>
              <th scope="col">{a.columns.size}</th>
              <th scope="col">{a.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {board.snapshots.map((snapshot) => (
              <SnapshotRow key={snapshot.id} boardId={board.id} snapshot={snapshot} token={token} t={t} />
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
