/** Links that can be taken back, and the owner's board actions: the web side of issue 12. */
export { InviteManager, type InviteManagerProps } from './InviteManager.tsx';
export { AccessEnded, type AccessEndCause } from './AccessEnded.tsx';
export { BoardMenu, type BoardMenuProps } from './BoardMenu.tsx';
export { EndSessionButton } from './EndSessionButton.tsx';
