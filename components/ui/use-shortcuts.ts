'use client';

import { useEffect, useRef } from 'react';

/**
 * Single-key shortcuts on the whole page (`r`, `k`, `x`, arrows), while `enabled`. Keys typed into
 * a field, with a modifier, held down (repeats), or while a dialog is open are left alone; so is
 * any key when `where` is given and the focus is not inside an element it matches (the arrows move
 * through the lease list only from within it, and scroll the page elsewhere).
 */
export function useShortcuts(
  keys: Record<string, () => void>,
  enabled: boolean,
  where?: string,
): void {
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      // Held down, only the arrows repeat (moving on through the list); a held r renews once.
      if (e.ctrlKey || e.metaKey || e.altKey || (e.repeat && !e.key.startsWith('Arrow'))) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (document.querySelector('dialog[open]')) return;
      if (where && !document.activeElement?.closest(where)) return;
      const action = latest.current[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, where]);
}
