import { useEffect, useRef, useState, type RefObject } from 'react';

/** Open modal dialogs, innermost last: only that one takes keys and keeps focus. */
const openDialogs: HTMLElement[] = [];

const focusableSelector = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** What Tab can reach inside `element`, in order (visible ones only). */
function focusables(element: HTMLElement): HTMLElement[] {
  return [...element.querySelectorAll<HTMLElement>(focusableSelector)].filter((item) => item.getClientRects().length > 0);
}

/**
 * A modal dialog's keyboard rules (WCAG 2.4.3): focus moves into it when it opens (unless an
 * element in it took focus already), Tab and Shift+Tab stay inside it (the page behind the
 * backdrop is out of reach), Escape closes it when it can be closed, and focus goes back to
 * where it was (the button that opened it) when it goes. With a dialog over another, the
 * innermost one has the keys. Escape is taken before tldraw sees it, so it does not also
 * clear the board's selection.
 */
export function useModalDialog(dialog: RefObject<HTMLElement | null>, onClose: (() => void) | undefined): void {
  const close = useRef(onClose);
  close.current = onClose;
  // Read while rendering: by the time effects run, an autoFocus field in the dialog has focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    openDialogs.push(element);
    const innermost = () => openDialogs.at(-1) === element;
    if (!element.contains(document.activeElement)) (focusables(element)[0] ?? element).focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (!innermost()) return;
      if (event.key === 'Escape' && close.current) {
        event.preventDefault();
        event.stopPropagation();
        close.current();
      } else if (event.key === 'Tab') {
        const items = focusables(element);
        const first = items[0];
        const last = items.at(-1);
        if (!first || !last) {
          event.preventDefault();
          return;
        }
        const active = document.activeElement;
        const outside = !(active instanceof Node) || !element.contains(active);
        if (event.shiftKey && (active === first || outside)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (active === last || outside)) {
          event.preventDefault();
          first.focus();
        }
      }
    };
    // Focus that lands behind the backdrop anyway (a click, a script) comes back in.
    const onFocusIn = (event: FocusEvent) => {
      if (innermost() && event.target instanceof Node && !element.contains(event.target)) (focusables(element)[0] ?? element).focus();
    };
    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('focusin', onFocusIn, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('focusin', onFocusIn, true);
      openDialogs.splice(openDialogs.indexOf(element), 1);
      if (opener?.isConnected) opener.focus();
    };
  }, [dialog, opener]);
}
