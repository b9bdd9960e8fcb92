import type { Editor } from 'tldraw';

/**
 * A card made here (pasted, duplicated) carries no one's legacy votes but this participant's:
 * the server refuses a new card holding another participant's vote, and would remove the whole
 * card (voting/voting-guard.ts on the server). Votes belong to the card they were cast on, so a
 * copy starts without them. Returns the function that stops it.
 */
export function keepLegacyVotesOwn(editor: Editor, participantId: string): () => void {
  return editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || shape.type !== 'opportunity') return shape;
    const voters = (shape.props as { voters?: unknown }).voters;
    if (!Array.isArray(voters) || voters.every((voter) => voter === participantId)) return shape;
    return { ...shape, props: { ...shape.props, voters: voters.filter((voter) => voter === participantId) } };
  });
}
