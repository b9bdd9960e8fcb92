import { useValue, type Editor } from 'tldraw';
import type { Messages } from '../i18n/messages.ts';

/**
 * "You are following Anna — Stop following": shown whenever this tab follows someone's view
 * (a presentation, or tldraw's own follow from the people menu), with the way out.
 */
export function FollowStatus({ editor, t }: { editor: Editor; t: Messages }) {
  const leader = useValue(
    'followed user',
    () => {
      const id = editor.getInstanceState().followingUserId;
      if (id === null) return null;
      return editor.getCollaborators().find((presence) => presence.userId === id)?.userName || t.facilitation.someone;
    },
    [editor, t],
  );
  if (leader === null) return null;
  return (
    <span className="facilitation-follow">
      <span>{t.facilitation.following(leader)}</span>
      <button type="button" className="secondary" onClick={() => editor.stopFollowingUser()}>
        {t.facilitation.stopFollowing}
      </button>
    </span>
  );
}
