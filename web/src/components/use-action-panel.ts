import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/** The inline form (dismiss, assign) a record's actions open, one at a time. */
export type ActionPanel = 'dismiss' | 'assign';

/**
 * Which action form is open, and a `close` that puts the focus back on the button that opened
 * it as soon as the form is gone, so the next key press (j, c…) finds the focus where it was.
 */
export function useActionPanel() {
  const [panel, setPanel] = useState<ActionPanel | null>(null);
  const returnFocus = useRef<HTMLButtonElement | null>(null);
  const close = (returnTo: HTMLButtonElement | null) => {
    returnFocus.current = returnTo;
    setPanel(null);
  };
  useLayoutEffect(() => {
    if (panel !== null || !returnFocus.current) return;
    returnFocus.current.focus();
    returnFocus.current = null;
  }, [panel]);
  return { panel, setPanel, close };
}
