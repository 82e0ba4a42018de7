'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';

/** Copies text; falls back to a hidden textarea where the Clipboard API is not allowed (plain http). */
async function copy(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy');
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations('copy');
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="copy"
      aria-label={label}
      onClick={() =>
        copy(text).then(
          () => setState('copied'),
          () => setState('failed'),
        )
      }
      onBlur={() => setState('idle')}
    >
      {t(state)}
    </button>
  );
}
