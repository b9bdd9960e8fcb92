/** What a page holds of a board in IndexedDB (the app's offline copy, `koppelbord:<boardId>`). */
import type { Page } from 'playwright-core';

const copyName = (boardId: string) => `koppelbord:${boardId}`;

/** Whether the page has an offline copy of the board. */
export const hasOfflineCopy = (page: Page, boardId: string): Promise<boolean> =>
  page.evaluate(async (name) => (await indexedDB.databases()).some((database) => database.name === name), copyName(boardId));

/**
 * Byte lengths of the updates the board's offline copy holds, oldest first; none while the app
 * has not created it. (Opening a database that does not exist would create it empty, without
 * the app's stores, so it is only opened once it is listed.)
 */
export const offlineCopyUpdateSizes = (page: Page, boardId: string): Promise<number[]> =>
  page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((database) => database.name === name)) return [];
    return new Promise<number[]>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const all = open.result.transaction('updates').objectStore('updates').getAll();
        all.onsuccess = () => resolve((all.result as Uint8Array[]).map((update) => update.byteLength));
        all.onerror = () => reject(all.error);
      };
    });
  }, copyName(boardId));
