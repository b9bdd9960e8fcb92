import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * A modal dialog's keyboard rules: focus moves into it when it opens (unless an element in it
 * took focus already), Escape closes it when it can be closed, and focus goes back to where
 * it was (the button that opened it) when it goes. Escape is taken before tldraw sees it, so
 * it does not also clear the board's selection.
 */
export function useModalDialog(dialog: RefObject<HTMLElement | null>, onClose: (() => void) | undefined): void {
  const close = useRef(onClose);
  close.current = onClose;
  // Read while rendering: by the time effects run, an autoFocus field in the dialog has focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.contains(document.activeElement)) {
      (element.querySelector<HTMLElement>('input, select, textarea, button, a[href]') ?? element).focus();
    }
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !close.current) return;
      event.preventDefault();
      event.stopPropagation();
      close.current();
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      if (opener?.isConnected) opener.focus();
    };
  }, [dialog, opener]);
}
