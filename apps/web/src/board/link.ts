/** `/b/:boardId` and its `#token=…` fragment. */
export function boardIdFromPath(pathname: string): string | undefined {
  return pathname.match(/^\/b\/([A-Za-z0-9_-]{22})\/?$/)?.[1];
}

export function tokenFromFragment(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? undefined;
}
