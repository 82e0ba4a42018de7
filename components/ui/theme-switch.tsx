'use client';

import { useEffect, useSyncExternalStore } from 'react';
import { useTranslations } from 'next-intl';

// Light or dark, chosen by the viewer and remembered in this browser; the system's choice until then.
type Theme = 'light' | 'dark';
const KEY = 'lease-dashboard-theme';
const listeners = new Set<() => void>();

function current(): Theme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function choose(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
  listeners.forEach((l) => l());
}

/** Applies the remembered theme before first paint (rendered as an inline script in the layout). */
export const THEME_SCRIPT = `try{var t=localStorage.getItem('${KEY}');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

export function ThemeSwitch() {
  const t = useTranslations('theme');
  // The inline script applies the remembered theme before first paint. If React then renders the
  // document again on the client (as it does to recover from a hydration mismatch), the attribute
  // is lost with the server's markup: apply the remembered choice once more.
  useEffect(() => {
    let remembered: string | null = null;
    try {
      remembered = localStorage.getItem(KEY);
    } catch {
      return;
    }
    const root = document.documentElement;
    if ((remembered === 'light' || remembered === 'dark') && root.dataset.theme !== remembered) {
      root.dataset.theme = remembered;
      listeners.forEach((l) => l());
    }
  }, []);
  const theme = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    current,
    () => null,
  );
  if (theme === null) return null;
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="theme-switch" onClick={() => choose(next)}>
      {t(next)}
    </button>
  );
}
