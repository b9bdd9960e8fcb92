/**
 * Parts of the page that a board does not need to show itself — the owner's dialogs, the side
 * panel's tabs besides the participants, the start and archive pages — are chunks of their
 * own, so the board page's first load carries tldraw, Yjs and what draws the board, and not
 * them. A part's code is fetched the first time it renders, and every part's once the board
 * is shown and the page is idle (`warmDeferredParts`): they then open without a wait, and
 * still open after the network went away, as the rest of a board does offline.
 */
import { Component, Suspense, use, type ComponentType, type ReactNode } from 'react';
import type { Messages } from '../i18n/messages.ts';

/** A part's code could not be fetched (offline before it was warmed, or a redeploy removed the chunk). */
class DeferredLoadError extends Error {
  override readonly name = 'DeferredLoadError';
}

/** Every part's fetch, for the warm-up. */
const fetchers = new Set<() => Promise<unknown>>();

/**
 * A component whose code comes from `load` (a dynamic `import()`), fetched once. Render it inside
 * a `DeferredPart`, which shows it loading and a failed fetch.
 */
export function deferred<P extends object>(name: string, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const fetchCode = (): Promise<ComponentType<P>> =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (cause: unknown) => {
        // Not kept, so the part's next render tries again (in browsers that fetch a failed import again).
        pending = undefined;
        throw new DeferredLoadError(`${name}: ${String(cause)}`, { cause });
      },
    ));
  fetchers.add(fetchCode);
  const Deferred = (props: P) => {
    const Loaded = loaded ?? use(fetchCode());
    return <Loaded {...props} />;
  };
  Deferred.displayName = `Deferred(${name})`;
  return Deferred;
}

/** Fetches every deferred part's code that is not fetched yet; failures are left to the part's next render. */
export async function warmDeferredParts(): Promise<void> {
  await Promise.allSettled([...fetchers].map((fetchCode) => fetchCode()));
}

interface DeferredPartProps {
  t: Messages;
  /** Dialogs show nothing for the moment their code takes; panels and pages say they are loading. */
  quiet?: boolean;
  children: ReactNode;
}

/** Where deferred parts render: their loading state, and a failed fetch with the way back. */
export function DeferredPart({ t, quiet = false, children }: DeferredPartProps) {
  const loading = quiet ? null : (
    <p className="deferred-loading" role="status">
      {t.deferred.loading}
    </p>
  );
  return (
    <LoadFailure t={t}>
      <Suspense fallback={loading}>{children}</Suspense>
    </LoadFailure>
  );
}

/**
 * Catches only a failed fetch of a part's code; any other error goes on to the boundaries above.
 * Browsers keep a failed `import()` for the page's lifetime (whatwg/html#6768: the change that
 * lets them fetch it again is not in Chromium yet), so a retry within the page would fail the
 * same way: the way back is a reload, once the page can be fetched. The board survives it (the
 * server's copy, and the offline copy this device keeps from the moment the connection drops).
 */
class LoadFailure extends Component<{ t: Messages; children: ReactNode }, { error: unknown; unreachable: boolean }> {
  override state: { error: unknown; unreachable: boolean } = { error: null, unreachable: false };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  private readonly reload = async (): Promise<void> => {
    if (await pageReachable()) window.location.reload();
    else this.setState({ unreachable: true });
  };

  override render(): ReactNode {
    const { error, unreachable } = this.state;
    if (error === null) return this.props.children;
    if (!(error instanceof DeferredLoadError)) throw error;
    const { t } = this.props;
    return (
      <div role="alert" className="deferred-failed">
        <p>{unreachable ? t.deferred.stillUnreachable : t.deferred.failed}</p>
        <button type="button" className="secondary" onClick={() => void this.reload()}>
          {t.deferred.reload}
        </button>
      </div>
    );
  }
}

/** Whether this page's address answers now: a reload without a connection would leave the user with the browser's error page instead of the board. */
async function pageReachable(): Promise<boolean> {
  try {
    const response = await fetch(window.location.href, { method: 'HEAD', cache: 'no-store' });
    return response.ok;
  } catch {
    return false;
  }
}
