/** Where the binding reports records it skipped or stripped. Inject your own (tests, server logs). */
export interface BindingLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const consoleLogger: BindingLogger = {
  warn: (message, details) => console.warn(`[tldraw-yjs] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[tldraw-yjs] ${message}`, details ?? ''),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
