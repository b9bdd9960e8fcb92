/**
 * The operator token (`OPERATOR_TOKEN`) for the archive page. Kept in sessionStorage only:
 * it opens every board's archive, so it goes with the tab rather than staying on the device.
 */
const key = 'koppelbord.operatorToken';

export function storedOperatorToken(): string | undefined {
  try {
    return sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeOperatorToken(token: string): void {
  sessionStorage.setItem(key, token);
}

export function forgetOperatorToken(): void {
  sessionStorage.removeItem(key);
}
