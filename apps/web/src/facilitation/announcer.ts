import { useCallback, useState } from 'react';

/**
 * The text of one polite live region and a way to say something in it. Saying the same words
 * twice in a row still gets announced: the text alternates an invisible trailing character,
 * so the region's content changes.
 */
export function useAnnouncer(): [text: string, announce: (text: string) => void] {
  const [text, setText] = useState('');
  const announce = useCallback((next: string) => setText((current) => (current === next ? `${next}\u200b` : next)), []);
  return [text, announce];
}
