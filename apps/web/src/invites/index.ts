/** Links that can be taken back, and the owner's board actions: the web side of issue 12. */
import { deferred } from '../lazy/deferred.tsx';
import type { InviteManagerProps } from './InviteManager.tsx';

/** The share dialog's invites: not needed to show a board, so fetched with that dialog (render it in a `DeferredPart`). */
export const InviteManager = deferred<InviteManagerProps>('InviteManager', () => import('./InviteManager.tsx').then((module) => module.InviteManager));
export type { InviteManagerProps };
export { AccessEnded, type AccessEndCause } from './AccessEnded.tsx';
export { BoardMenu, type BoardMenuProps } from './BoardMenu.tsx';
export { EndSessionButton } from './EndSessionButton.tsx';
