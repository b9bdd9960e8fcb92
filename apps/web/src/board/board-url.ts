import { boardIdPattern } from '@koppelbord/contract';

/** The board id in a `/b/:boardId` path, when it has the form of one. */
export function boardIdFromPath(pathname: string): string | undefined {
  const id = pathname.match(/^\/b\/([^/]+)\/?$/)?.[1];
  return id !== undefined && boardIdPattern.test(id) ? id : undefined;
}

/** The token in a board link's `#token=…` fragment. */
export function tokenFromFragment(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? undefined;
}
